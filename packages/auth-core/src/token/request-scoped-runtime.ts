/**
 * Whether this runtime ties I/O and timers to the request that created them and cancels them when that
 * request ends: Cloudflare Workers (workerd). There, a token refresh started by one request must never be
 * something another request depends on, and background work needs `waitUntil`.
 */
export function isRequestScopedRuntime(): boolean {
  const nav = (globalThis as { navigator?: { userAgent?: unknown } }).navigator;
  return nav?.userAgent === "Cloudflare-Workers";
}

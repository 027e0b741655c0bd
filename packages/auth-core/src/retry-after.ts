/**
 * Reads how long the server asks us to wait: `Retry-After` (delay seconds or an HTTP date) first, then
 * `X-RateLimit-Reset` (unix seconds; small values are read as a delay in seconds, as some servers send).
 * Returns milliseconds from `now`, or undefined when neither header is usable.
 */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const seconds = Number(reset);
    // Unix timestamps are > 1e9; anything smaller is a relative number of seconds.
    return seconds > 1e9 ? Math.max(0, Math.ceil(seconds * 1000 - now)) : Math.ceil(seconds * 1000);
  }
  return undefined;
}

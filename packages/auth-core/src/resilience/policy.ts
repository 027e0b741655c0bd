/**
 * The retry policy: defaults, per-request overrides, which methods may be retried, and how long to
 * wait (capped exponential backoff with full jitter, or what the server asks for).
 */
import type { RequestResilienceOptions, ResilienceOptions } from "./types.js";

/** Statuses retried by default. */
export const DEFAULT_RETRY_STATUSES: readonly number[] = [408, 425, 429, 500, 502, 503, 504];

/** A policy with every default filled in. */
export interface ResolvedPolicy {
  maxRetries: number;
  retryStatuses: ReadonlySet<number>;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  timeoutMs: number | undefined;
  deadlineMs: number | undefined;
}

/** Fills in the defaults of a client's resilience options. */
export function resolvePolicy(options: ResilienceOptions = {}): ResolvedPolicy {
  return {
    maxRetries: options.maxRetries ?? 2,
    retryStatuses: new Set(options.retryStatuses ?? DEFAULT_RETRY_STATUSES),
    baseDelayMs: options.baseDelayMs ?? 500,
    maxDelayMs: options.maxDelayMs ?? 8_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
    timeoutMs: options.timeoutMs,
    deadlineMs: options.deadlineMs,
  };
}

/** Applies one request's overrides to the client's policy (the same object when there are none). */
export function overridePolicy(
  policy: ResolvedPolicy,
  overrides: RequestResilienceOptions | undefined,
): ResolvedPolicy {
  if (!overrides) return policy;
  const { maxRetries, retryStatuses, timeoutMs, deadlineMs } = overrides;
  if (maxRetries === undefined && retryStatuses === undefined && timeoutMs === undefined && deadlineMs === undefined) {
    return policy;
  }
  return {
    ...policy,
    maxRetries: maxRetries ?? policy.maxRetries,
    retryStatuses: retryStatuses ? new Set(retryStatuses) : policy.retryStatuses,
    timeoutMs: timeoutMs ?? policy.timeoutMs,
    deadlineMs: deadlineMs ?? policy.deadlineMs,
  };
}

const SAFE_TO_REPEAT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** Whether repeating the request cannot cause a second effect: an idempotent method, or a key. */
export function mayRepeat(method: string, hasIdempotencyKey: boolean): boolean {
  return hasIdempotencyKey || SAFE_TO_REPEAT.has(method);
}

/** Full-jitter backoff before retry `retry` (1-based): random in [0, min(max, base * 2^(retry-1))]. */
export function backoffMs(policy: ResolvedPolicy, retry: number, random: () => number = Math.random): number {
  return Math.round(random() * backoffCeiling(policy, retry));
}

/**
 * The wait before retry `retry` when the server asked for `askedMs`: a floor, plus a random extra in
 * [c/2, c] (c the backoff ceiling of that retry), so callers told the same wait do not come back
 * together, and `Retry-After: 0` still backs off by at least c/2.
 */
export function serverWaitMs(
  policy: ResolvedPolicy,
  askedMs: number,
  retry: number,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(policy, retry);
  return askedMs + Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function backoffCeiling(policy: ResolvedPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

/** What the server asks to wait: `retry-after-ms`, else `Retry-After` (seconds or HTTP date); ms, or undefined. */
export function serverDelayMs(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  const after = headers.get("retry-after")?.trim();
  if (!after) return undefined;
  if (/^\d+(\.\d+)?$/.test(after)) return Math.ceil(Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

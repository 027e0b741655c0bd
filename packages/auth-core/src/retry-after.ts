/**
 * Reads how long the server asks us to wait, from the headers that count for this status:
 * - `Retry-After` (delay seconds or an HTTP date) where HTTP gives it that meaning: 429 and 503;
 * - `X-RateLimit-Reset` (unix seconds; small values are read as a delay in seconds, as some servers
 *   send) only on a 429, or when `X-RateLimit-Remaining` is 0. Turris sends its rate headers on every
 *   response, failures included: a 503 with a reset a minute away is a transient failure, not a ban.
 * Returns milliseconds from `now`, or undefined when no header counts.
 */
export function retryAfterMs(headers: Headers, now: number, status: number): number | undefined {
  if (status === 429 || status === 503) {
    const retryAfter = headers.get("retry-after")?.trim();
    if (retryAfter) {
      if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) return Math.max(0, date - now);
    }
  }
  const exhausted = headers.get("x-ratelimit-remaining")?.trim() === "0";
  if (status !== 429 && !exhausted) return undefined;
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const seconds = Number(reset);
    // Unix timestamps are > 1e9; anything smaller is a relative number of seconds.
    return seconds > 1e9 ? Math.max(0, Math.ceil(seconds * 1000 - now)) : Math.ceil(seconds * 1000);
  }
  return undefined;
}

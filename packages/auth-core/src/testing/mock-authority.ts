/**
 * Provider-neutral state of a mock token endpoint: issued tokens, counters, queued failures and a
 * sliding-window rate limit. The provider module on top of it speaks the provider's wire format.
 */

/** A source of time in epoch milliseconds. */
export interface MockClock {
  /** Current time in epoch milliseconds (what `Date.now()` returns). */
  now(): number;
}

/** A failure the next token request(s) answer with instead of a token. */
export interface MockFailure<TBody = unknown> {
  /** HTTP status, e.g. 500, 503, 429 or 401. */
  status: number;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Exact error body to send; default: the provider's usual error body for the status. */
  body?: TBody;
  /** Extra response headers. */
  headers?: Record<string, string>;
}

/** Token-request rate limit: at most `limit` requests per sliding `windowMs`. */
export interface MockRateLimit {
  /** Token requests allowed within one sliding window; the next one is answered 429. */
  limit: number;
  /** Length of the sliding window, in milliseconds. */
  windowMs: number;
}

/** Counters a test or benchmark reads back. */
export interface MockStats {
  /** Every request that reached the token endpoint, whatever its outcome. */
  tokenRequests: number;
  /** Token requests answered with a new access token. */
  tokensIssued: number;
  /** Every request to any other endpoint. */
  apiRequests: number;
  /** API requests answered 401. */
  unauthorized: number;
  /** Token requests answered 429 by the rate limit. */
  rateLimited: number;
  /** Token requests answered with a queued failure. */
  injectedFailures: number;
}

/** The outcome of a rate-limit check, with what the provider's headers report. */
export interface RateLimitState {
  /** True when this request was over the limit (and is answered 429); it is then not counted in the window. */
  limited: boolean;
  /** The configured limit per window (MockRateLimit.limit). */
  limit: number;
  /** Requests still allowed in the current window after this one; 0 when limited. */
  remaining: number;
  /** Epoch seconds when the oldest request leaves the window. */
  resetAtSeconds: number;
}

/** Issues and checks opaque bearer tokens and keeps the counters. */
export class MockTokenAuthority {
  /** Live counters, updated in place; zeroed by `reset()`. */
  readonly stats: MockStats = emptyStats();
  #tokens = new Map<string, number>();
  #failures: MockFailure[] = [];
  #window: number[] = [];
  #serial = 0;
  readonly #prefix: string;
  readonly #clock: MockClock;

  constructor(prefix: string, clock: MockClock = { now: () => Date.now() }) {
    this.#prefix = prefix;
    this.#clock = clock;
  }

  /** Current time of the mock's clock. */
  now(): number {
    return this.#clock.now();
  }

  /** Issues a token valid for `lifetimeMs`. */
  issue(lifetimeMs: number): string {
    this.#serial += 1;
    const token = `${this.#prefix}_${this.#serial}_${Math.random().toString(36).slice(2, 10)}`;
    this.#tokens.set(token, this.now() + lifetimeMs);
    this.stats.tokensIssued += 1;
    return token;
  }

  /** Whether `token` was issued here, is not revoked and has not expired. */
  isValid(token: string): boolean {
    const expiresAt = this.#tokens.get(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Makes every issued token invalid (the next API call with one gets a 401). */
  revokeAll(): void {
    this.#tokens.clear();
  }

  /** Queues `count` failures for the next token requests. */
  queueFailures(count: number, failure: MockFailure): void {
    for (let i = 0; i < count; i++) this.#failures.push({ ...failure });
  }

  /** Takes the next queued failure, if any. */
  takeFailure(): MockFailure | undefined {
    const failure = this.#failures.shift();
    if (failure) this.stats.injectedFailures += 1;
    return failure;
  }

  /** Records one token request against the rate limit and reports the window. */
  checkRateLimit(rateLimit: MockRateLimit | undefined): RateLimitState | undefined {
    if (!rateLimit) return undefined;
    const now = this.now();
    this.#window = this.#window.filter((at) => at > now - rateLimit.windowMs);
    const limited = this.#window.length >= rateLimit.limit;
    if (!limited) this.#window.push(now);
    if (limited) this.stats.rateLimited += 1;
    const oldest = this.#window[0] ?? now;
    return {
      limited,
      limit: rateLimit.limit,
      remaining: Math.max(0, rateLimit.limit - this.#window.length),
      resetAtSeconds: Math.ceil((oldest + rateLimit.windowMs) / 1000),
    };
  }

  /** Clears counters, tokens, queued failures and the rate-limit window. */
  reset(): void {
    Object.assign(this.stats, emptyStats());
    this.#tokens.clear();
    this.#failures = [];
    this.#window = [];
  }
}

/** The headers a queued failure adds: its own, plus `Retry-After` when set. */
export function failureHeaders(failure: MockFailure): Record<string, string> {
  const retryAfter =
    failure.retryAfterSeconds === undefined ? {} : { "retry-after": String(failure.retryAfterSeconds) };
  return { ...retryAfter, ...failure.headers };
}

/** Reads the token of an `Authorization: Bearer <token>` header. */
export function bearerToken(headers: Headers): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "");
  return match?.[1];
}

/** A reply the msw handlers and the loopback emulator both turn into an HTTP response. */
export interface MockReply<TBody> {
  /** HTTP status to answer with. */
  status: number;
  /** Response headers (lower-case names), e.g. `x-request-id`, rate-limit and `retry-after` headers. */
  headers: Record<string, string>;
  /** JSON body: the token response or the provider's error shape. */
  body: TBody;
}

function emptyStats(): MockStats {
  return { tokenRequests: 0, tokensIssued: 0, apiRequests: 0, unauthorized: 0, rateLimited: 0, injectedFailures: 0 };
}

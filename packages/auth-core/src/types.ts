/**
 * The public contract of @scope/auth-core. Provider packages, the Redis token store and user code
 * program against these types; the implementations live in their own modules.
 */
import type { ResilienceOptions } from "./resilience/types.js";
import type { ClientEventListener } from "./telemetry/events.js";
import type { ClientInstrumentation } from "./telemetry/instrumentation.js";
import type { ListenerResult } from "./telemetry/listeners.js";
import type { Logger, LogLevel } from "./telemetry/logger.js";

/**
 * A source of time, injectable so tests can use fake time. `now()` is the wall clock, used only for token
 * expiry (`expiresAt`); every duration (cooldowns, holds, backoff, lease waits) is measured on
 * `monotonicNow()`, so a step of the wall clock changes none of them.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number;
  /**
   * Milliseconds on a source that never steps back, for durations. Optional: without it, a custom clock's
   * `now()` is used for durations too; the default clock uses `performance.now()`.
   */
  monotonicNow?(): number;
}

/** A token as a provider's dialect hands it over, lifetime already converted to milliseconds. */
export interface FetchedToken {
  /** The bearer token value. */
  accessToken: string;
  /** Lifetime in milliseconds (Dollr's minutes, Turris' and Duro's seconds, all converted). */
  expiresInMs: number;
  /** Token type the endpoint reported (e.g. "Bearer"), when it did. */
  tokenType?: string;
  /** Epoch ms the successful attempt was sent (set by createTokenFetcher); the lifetime counts from it. */
  sentAt?: number;
}

/** A token as the cache and the stores keep it: the value and its timing, nothing else. */
export interface CachedToken {
  /** The bearer token value. */
  accessToken: string;
  /** Epoch ms the lifetime counts from: when the token request was sent (conservative). */
  receivedAt: number;
  /** Epoch ms when the token stops being valid. */
  expiresAt: number;
  /** Token type the endpoint reported (e.g. "Bearer"), when it did. */
  tokenType?: string;
}

/** What one token fetch is given: the shared refresh's signal (never a single caller's). */
export interface TokenFetchContext {
  /** The shared refresh's signal (aborted by dispose), never a single caller's. */
  signal: AbortSignal;
  /** Receives the fetch's own events (`retry`); the cache passes every waiting caller's listeners here. */
  onEvent?: AuthEventListener;
}

/** Fetches and parses one fresh token (with the provider's retry policy applied). */
export type FetchToken = (context: TokenFetchContext) => Promise<FetchedToken>;

/** A held lease on a store key; only its holder refreshes the token for the fleet. */
export interface TokenStoreLock {
  /** Gives the lease up (the cache calls it when its fetch is done). */
  release(): Promise<void>;
  /**
   * Optional: extends the lease to `leaseMs` from now if this holder still owns it (true if it did). The
   * cache renews while it fetches, so a slow token endpoint does not let a second process in.
   */
  extend?(leaseMs: number): Promise<boolean>;
}

/**
 * Where tokens are shared. All methods may reject (a network store can be down); the cache then
 * falls back to its in-process copy and emits a `store_unavailable` event.
 */
export interface TokenStore {
  /** The token stored under `key`, or undefined. */
  get(key: string): Promise<CachedToken | undefined>;
  /** Stores a token for `ttlMs` milliseconds (normally until its expiry). */
  set(key: string, token: CachedToken, ttlMs: number): Promise<void>;
  /** Deletes the entry; with `expectedAccessToken`, only if it still holds that token (compare-and-delete). */
  delete(key: string, expectedAccessToken?: string): Promise<void>;
  /** Optional fleet lock: resolves a lock when acquired, `undefined` when another holder has it. */
  lock?(key: string, leaseMs: number): Promise<TokenStoreLock | undefined>;
}

/** Why a refresh started. */
export type RefreshReason = "miss" | "refresh_ahead" | "expired" | "invalidated";

/**
 * Lifecycle events of the token cache. They name the credentials by `credential` (`"<provider>:<clientId>"`
 * for the provider clients; client ids are not secrets) and carry timings; never a token, a secret, the
 * cache key or any hash of the secret (which a guessed secret could be tested against).
 */
export type AuthEvent =
  | { type: "cache_hit"; credential: string; expiresInMs: number }
  | { type: "cache_miss"; credential: string }
  | { type: "refresh_start"; credential: string; reason: RefreshReason; background: boolean }
  | { type: "refresh_success"; credential: string; durationMs: number; expiresInMs: number }
  | { type: "refresh_failure"; credential: string; durationMs: number; error: Error; willRetryInMs?: number }
  | {
      type: "invalidate";
      credential: string;
      reason: "unauthorized" | "manual";
      dropped: boolean;
      /** Set when a 401 dropped nothing because the token was recently rejected right after a refresh. */
      kept?: "permission_denied";
    }
  | { type: "token_retry"; credential: string; attempt: number; delayMs: number; status?: number; reason: string }
  | { type: "store_unavailable"; credential: string; operation: "get" | "set" | "delete" | "lock"; error: Error }
  | { type: "store_recovered"; credential: string }
  /** A waiter for another process's refresh: got its token, took over its lapsed lease, or gave up waiting. */
  | { type: "store_wait"; credential: string; waitedMs: number; outcome: "token" | "lock" | "timeout" }
  /**
   * The caller that started the shared refresh went silent (its runtime cancelled it: a Worker request that
   * ended or was aborted) for `silentMs`; this caller fetches instead of waiting on it forever.
   */
  | { type: "refresh_abandoned"; credential: string; silentMs: number }
  /**
   * Once per shared cache: a client joined it with a different `fetch` than the client that created it.
   * Each client sends the token requests it starts through its own fetch; the token value is shared.
   */
  | { type: "cache_shared"; credential: string; difference: "fetch" };

/**
 * Receives events. A listener that throws, or returns a promise that rejects, is ignored: async listeners
 * are welcome and can never crash the process.
 */
export type AuthEventListener = (event: AuthEvent) => ListenerResult;

/** What one token request is sent with. */
export interface TokenSendContext {
  /** Aborted when the token request times out (`timeoutMs`) or its refresh is disposed; pass it to `fetch`. */
  signal: AbortSignal;
  /** Headers to add to the token request (the SDK identification: `x-scope-sdk`, `User-Agent`). */
  headers?: Record<string, string>;
}

/** How a provider's token endpoint is called and read; auth-core adds retries and validation. */
export interface TokenEndpoint<TSuccess = unknown> {
  /** Provider name for errors and events, e.g. "turris". */
  provider: string;
  /** Performs ONE token request (no Authorization header) and returns the response, body unread. */
  send(context: TokenSendContext): Promise<Response>;
  /** Statuses that mean success (Turris answers 201). */
  successStatus: readonly number[];
  /** Schema of the success body: auth-core's `schema` helpers, or anything with zod's `safeParse` shape. */
  schema: TokenResponseSchema<TSuccess>;
  /** Maps a validated success body to a token; lifetimes are validated by auth-core afterwards. */
  toToken(body: TSuccess): FetchedToken;
  /** Reads the provider's error body (JSON or text) into code / message / request id. */
  parseError?(body: unknown, response: Response): ProviderErrorDetails;
  /** Values (the client secret) scrubbed as `***` from provider-supplied text before it reaches an error. */
  redact?: readonly string[];
}

/** A validator with zod's `safeParse` result shape (auth-core's schemas, zod and zod/mini schemas fit). */
export interface TokenResponseSchema<T> {
  /** Validates `value`; never throws. */
  safeParse(value: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: readonly { code: string; path: readonly PropertyKey[]; expected?: unknown }[] };
      };
}

/** What a provider's error body says, as far as it can be read. */
export interface ProviderErrorDetails {
  /** The provider's error code (e.g. `invalid_client`). */
  code?: string;
  /** The provider's human-readable message (redacted before use). */
  message?: string;
  /** The provider's request id. */
  requestId?: string;
}

/**
 * Retries and timeout of the token request (429, 5xx and network errors are retried). The knobs have the
 * names and meanings of the API calls' {@link ResilienceOptions}: `maxRetries` counts retries after the
 * first attempt, `timeoutMs` bounds one attempt.
 */
export interface TokenRequestOptions {
  /** Retries after the first attempt, 0-10. Default 3 (so 4 attempts at most). */
  maxRetries?: number;
  /** Backoff base: retry n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. Default 250 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 8,000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` / `X-RateLimit-Reset` longer than this ends the retries at once. Default 60,000 ms. */
  maxRetryAfterMs?: number;
  /** Timeout of one token request attempt (request and body), in ms. Default 10,000. */
  timeoutMs?: number;
}

/** Everything about getting tokens: the token request's retries and timeout, and the cache's timing. */
export interface TokenOptions extends TokenRequestOptions {
  /** When a token is refreshed ahead of expiry: `min(maxMs, fraction * lifetime)` before it. Default 5 minutes / 10 %. */
  refreshWindow?: RefreshWindowOptions;
  /** How long a failed token refresh is replayed to callers before a new attempt, in ms. Default 1,500. */
  negativeCacheMs?: number;
  /** Lease of a store's refresh lock, renewed while the holder fetches, in ms. Default 15,000. */
  lockLeaseMs?: number;
}

/** The refresh-ahead window: `min(maxMs, fraction * lifetime)` before expiry. */
export interface RefreshWindowOptions {
  /** Upper bound of the window. Default 300,000 ms (5 minutes). */
  maxMs?: number;
  /** Share of the token's lifetime. Default 0.1. */
  fraction?: number;
}

/** The tuning knobs every provider factory accepts and passes through to auth-core. */
export interface AuthTuningOptions {
  /** Where tokens are shared beyond this process (e.g. a Redis or Durable Object store). Default: in-process only. */
  tokenStore?: TokenStore;
  /**
   * Receives every event of the client on one stream: token lifecycle, one `api_attempt` per HTTP attempt
   * and the resilience decisions (see {@link ClientEvent}). It may be async; a listener that throws or
   * rejects is ignored.
   */
  onEvent?: ClientEventListener;
  /** Where log lines go: a console-compatible logger (`console`, pino, winston). Default `console`. */
  logger?: Logger;
  /**
   * The lowest level logged; `debug` writes a line per API attempt. Default: the `<PROVIDER>_LOG`
   * environment variable (e.g. `DOLLR_LOG=debug`), else `SCOPE_LOG`, else `warn`.
   */
  logLevel?: LogLevel;
  /** A tracing plug-in, e.g. `otelInstrumentation()` from `@scope/otel`. */
  instrumentation?: ClientInstrumentation;
  /** Time source (inject one for fake time in tests). Default: `Date.now` for expiry, `performance.now` for durations. */
  clock?: Clock;
  /**
   * The token exchange: its request's retries and timeout (`maxRetries`, `timeoutMs`, ... as in
   * `resilience`, which tunes the API calls) and the cache's timing (`refreshWindow`, `negativeCacheMs`,
   * `lockLeaseMs`).
   */
  token?: TokenOptions;
  /**
   * Allow construction in a browser global environment (`window` + `document`), which is refused by
   * default because the client secret would ship to every user. Only for trusted environments.
   */
  dangerouslyAllowBrowser?: boolean;
  /**
   * "process" (default): clients with the same credentials, the same fetch/tokenStore/clock/onEvent objects
   * and the same tuning share one token cache and one in-flight request in this process (a client per
   * request costs no token per request). "client": this client keeps a cache of its own.
   */
  tokenCacheScope?: "process" | "client";
  /**
   * Where the runtime cancels a request's work when it ends (Cloudflare Workers), the refresh-ahead of a
   * token runs in the background only through this function (pass `ctx.waitUntil.bind(ctx)`, or `waitUntil`
   * from `cloudflare:workers` for a client built at module scope). Without it, in such a runtime, the first
   * call inside the refresh window refreshes in the foreground while other calls keep the old token.
   * Ignored elsewhere (Node, Deno, Bun refresh in the background on their own).
   */
  waitUntil?: (promise: Promise<unknown>) => void;
  /**
   * The API calls' retries (`maxRetries`), attempt timeout (`timeoutMs`), deadline, idempotency keys and
   * retry budget; `false` turns the layer off. The token request has the same knobs under `token`.
   */
  resilience?: ResilienceOptions | false;
}

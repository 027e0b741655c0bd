import { isTokenRequestError, TokenRequestError } from "./errors.js";
import { raceAbort, sleep, withTimeout } from "./timers.js";
import type {
  AuthEvent,
  AuthEventListener,
  CachedToken,
  Clock,
  FetchToken,
  RefreshReason,
  RefreshWindowOptions,
  TokenStore,
  TokenStoreLock,
} from "./types.js";

/** Options of createTokenCache. */
export interface TokenCacheOptions {
  /** The cache key (see tokenCacheKey): also the key in the shared store. */
  key: string;
  fetchToken: FetchToken;
  /** Shared store (e.g. Redis); with `lock`, one process refreshes for the fleet. */
  store?: TokenStore;
  clock?: Clock;
  refreshWindow?: RefreshWindowOptions;
  /** How long a failed refresh is replayed to callers before a new attempt. Default 1,500 ms. */
  negativeCacheMs?: number;
  onEvent?: AuthEventListener;
  /** Lease of the store lock; waiters give up waiting for the holder after it. Default 15,000 ms. */
  lockLeaseMs?: number;
  /** Longest wait for one store operation before it counts as unavailable. Default 2,000 ms. */
  storeTimeoutMs?: number;
}

/** Options of TokenCache.getToken. */
export interface GetTokenOptions {
  /** Aborts this caller's wait only; the shared refresh continues for everyone else. */
  signal?: AbortSignal | undefined;
}

/** Options of TokenCache.invalidate. */
export interface InvalidateOptions {
  /** Reported in the `invalidate` event. Default "manual". */
  reason?: "unauthorized" | "manual";
}

/** A per-key token cache with single-flight refresh, refresh-ahead and compare-and-invalidate. */
export interface TokenCache {
  readonly key: string;
  getToken(options?: GetTokenOptions): Promise<CachedToken>;
  /** Compare-and-invalidate: drops the cached token only if it is `accessToken`; true if it did. */
  invalidate(accessToken: string, options?: InvalidateOptions): Promise<boolean>;
}

const DEFAULT_WINDOW_MAX_MS = 5 * 60 * 1000;
const DEFAULT_WINDOW_FRACTION = 0.1;
const DEFAULT_NEGATIVE_CACHE_MS = 1_500;
const MAX_NEGATIVE_CACHE_MS = 60_000;
const DEFAULT_LOCK_LEASE_MS = 15_000;
const DEFAULT_STORE_TIMEOUT_MS = 2_000;
const BACKGROUND_RETRY_BASE_MS = 1_000;
const BACKGROUND_RETRY_MAX_MS = 30_000;
const POLL_FIRST_MS = 50;
const POLL_MAX_MS = 1_000;

const systemClock: Clock = { now: () => Date.now() };

/** Creates a token cache for one key; see the package README for the lifecycle. */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const { key, fetchToken, store } = options;
  const clock = options.clock ?? systemClock;
  const windowMax = options.refreshWindow?.maxMs ?? DEFAULT_WINDOW_MAX_MS;
  const windowFraction = options.refreshWindow?.fraction ?? DEFAULT_WINDOW_FRACTION;
  const negativeCacheMs = options.negativeCacheMs ?? DEFAULT_NEGATIVE_CACHE_MS;
  const leaseMs = options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS;
  const storeTimeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;

  let current: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  let negative: { error: Error; until: number } | undefined;
  let backgroundFailures = 0;
  let nextBackgroundAt = 0;
  let storeDown = false;
  /** The last token dropped by invalidate: never adopted again from the store. */
  let revoked: string | undefined;
  let missReason: RefreshReason = "miss";

  const emit = (event: AuthEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // Listeners must not break token delivery.
    }
  };

  const windowMs = (token: CachedToken): number =>
    Math.min(windowMax, windowFraction * Math.max(0, token.expiresAt - token.receivedAt));
  const isValid = (token: CachedToken, now: number): boolean => now < token.expiresAt;
  const isFresh = (token: CachedToken, now: number): boolean => now < token.expiresAt - windowMs(token);

  // ---- store access: every failure is an event and a fallback, never a failed call ----

  async function storeOp<T>(operation: "get" | "set" | "delete" | "lock", run: () => Promise<T>): Promise<T | Error> {
    try {
      const result = await withTimeout(
        run(),
        storeTimeoutMs,
        () => new Error(`token store ${operation} timed out after ${storeTimeoutMs} ms`),
      );
      if (storeDown) {
        storeDown = false;
        emit({ type: "store_recovered", key });
      }
      return result;
    } catch (cause) {
      storeDown = true;
      const error = cause instanceof Error ? cause : new Error(`token store ${operation} failed`);
      emit({ type: "store_unavailable", key, operation, error: safeStoreError(error, operation) });
      return error instanceof StoreFailure ? error : new StoreFailure(error);
    }
  }

  async function readStore(): Promise<CachedToken | undefined | StoreFailure> {
    if (!store) return undefined;
    const result = await storeOp("get", () => store.get(key));
    if (result instanceof Error) return toStoreFailure(result);
    if (!isCachedToken(result) || result.accessToken === revoked) return undefined;
    return result;
  }

  async function publish(token: CachedToken): Promise<void> {
    if (!store) return;
    const ttlMs = token.expiresAt - clock.now();
    if (ttlMs <= 0) return;
    await storeOp("set", () => store.set(key, token, ttlMs));
  }

  async function tryLock(): Promise<TokenStoreLock | undefined | StoreFailure> {
    if (!store?.lock) return undefined;
    const lock = store.lock.bind(store);
    const result = await storeOp("lock", () => lock(key, leaseMs));
    return result instanceof Error ? toStoreFailure(result) : result;
  }

  async function release(lock: TokenStoreLock): Promise<void> {
    try {
      await withTimeout(lock.release(), storeTimeoutMs, () => new Error("token store lock release timed out"));
    } catch {
      // The lease expires on its own; a failed release only delays other processes' refreshes.
    }
  }

  // ---- the one shared refresh ----

  async function fetchAndPublish(): Promise<CachedToken> {
    // Lifetimes count from when the request left, not when the answer was processed: a response
    // that sat in a busy event loop must not make us use a token the server already considers expired.
    const receivedAt = clock.now();
    const fetched = await fetchToken({ signal: new AbortController().signal });
    const token: CachedToken = {
      accessToken: fetched.accessToken,
      receivedAt,
      expiresAt: receivedAt + fetched.expiresInMs,
    };
    if (fetched.tokenType !== undefined) token.tokenType = fetched.tokenType;
    await publish(token);
    return token;
  }

  async function fetchHoldingLock(lock: TokenStoreLock): Promise<CachedToken> {
    try {
      // Double-checked locking: the previous holder may have published and released just before we locked.
      const again = await readStore();
      if (!(again instanceof StoreFailure) && again && isFresh(again, clock.now())) return again;
      return await fetchAndPublish();
    } finally {
      await release(lock);
    }
  }

  /** Gets a token through the store: adopt a fresh one, or refresh under the lock, or wait for the holder. */
  async function obtain(): Promise<CachedToken> {
    if (!store) return fetchAndPublish();
    const stored = await readStore();
    if (stored instanceof StoreFailure) return fetchAndPublish();
    if (stored && isFresh(stored, clock.now())) return stored;
    if (!store.lock) return fetchAndPublish();

    const first = await tryLock();
    if (first instanceof StoreFailure) return fetchAndPublish();
    if (first) return fetchHoldingLock(first);

    // Another process holds the lease: poll the store (bounded by the lease) for the token it writes.
    const started = clock.now();
    // Wait for the holder and, if its lease runs out, for one successor; only then fetch unlocked.
    const waitBound = 2 * leaseMs;
    const maxPolls = Math.ceil(waitBound / POLL_FIRST_MS) + 1;
    let delay = POLL_FIRST_MS;
    for (let polls = 0; polls < maxPolls && clock.now() - started < waitBound; polls++) {
      await sleep(Math.min(delay, Math.max(1, waitBound - (clock.now() - started))));
      delay = Math.min(delay * 2, Math.min(POLL_MAX_MS, Math.max(POLL_FIRST_MS, leaseMs / 4)));
      const polled = await readStore();
      if (polled instanceof StoreFailure) return fetchAndPublish();
      if (polled && isFresh(polled, clock.now())) {
        emit({ type: "store_wait", key, waitedMs: clock.now() - started, outcome: "token" });
        return polled;
      }
      const lock = await tryLock();
      if (lock instanceof StoreFailure) return fetchAndPublish();
      if (lock) return fetchHoldingLock(lock);
    }
    // The holder died or hangs (lease over): refresh ourselves rather than wait forever.
    emit({ type: "store_wait", key, waitedMs: clock.now() - started, outcome: "timeout" });
    return fetchAndPublish();
  }

  function startRefresh(reason: RefreshReason, background: boolean): Promise<CachedToken> {
    if (inflight) return inflight;
    emit({ type: "refresh_start", key, reason, background });
    const started = clock.now();
    const run = (async (): Promise<CachedToken> => {
      try {
        const token = await obtain();
        const now = clock.now();
        current = token;
        missReason = "miss";
        negative = undefined;
        backgroundFailures = 0;
        nextBackgroundAt = 0;
        emit({ type: "refresh_success", key, durationMs: now - started, expiresInMs: token.expiresAt - now });
        return token;
      } catch (cause) {
        const error = toTokenError(cause, key);
        const now = clock.now();
        const failure: AuthEvent = { type: "refresh_failure", key, durationMs: now - started, error };
        if (current && isValid(current, now)) {
          // Background refresh failed while the old token still works: keep serving it, retry later.
          backgroundFailures++;
          const backoff = Math.min(BACKGROUND_RETRY_MAX_MS, BACKGROUND_RETRY_BASE_MS * 2 ** (backgroundFailures - 1));
          const retryIn = Math.max(0, Math.min(backoff, current.expiresAt - now));
          nextBackgroundAt = now + retryIn;
          failure.willRetryInMs = retryIn;
        } else {
          const cooldown = Math.min(MAX_NEGATIVE_CACHE_MS, Math.max(negativeCacheMs, error.retryAfterMs ?? 0));
          negative = { error, until: now + cooldown };
        }
        emit(failure);
        throw error;
      } finally {
        inflight = undefined;
      }
    })();
    inflight = run;
    return run;
  }

  async function getToken(getOptions?: GetTokenOptions): Promise<CachedToken> {
    const signal = getOptions?.signal;
    if (signal?.aborted) throw signal.reason;
    for (let round = 0; round < 3; round++) {
      const now = clock.now();
      const token = current;
      if (token && isValid(token, now)) {
        if (options.onEvent) emit({ type: "cache_hit", key, expiresInMs: token.expiresAt - now });
        if (!isFresh(token, now) && !inflight && now >= nextBackgroundAt) {
          startRefresh("refresh_ahead", true).catch(() => {
            // Reported as refresh_failure; callers keep the still-valid token.
          });
        }
        return token;
      }
      if (!inflight && negative && now < negative.until) throw negative.error;
      emit({ type: "cache_miss", key });
      const fresh = await raceAbort(startRefresh(token ? "expired" : missReason, false), signal);
      if (isValid(fresh, clock.now())) return fresh;
      // The clock passed the new token's expiry while we waited: go round again.
    }
    throw new TokenRequestError("token expired before it could be used; the clock moves faster than tokens last", {});
  }

  async function invalidate(accessToken: string, invalidateOptions?: InvalidateOptions): Promise<boolean> {
    const dropped = current?.accessToken === accessToken;
    if (dropped) {
      current = undefined;
      revoked = accessToken;
      missReason = "invalidated";
      if (store) await storeOp("delete", () => store.delete(key, accessToken));
    }
    emit({ type: "invalidate", key, reason: invalidateOptions?.reason ?? "manual", dropped });
    return dropped;
  }

  return { key, getToken, invalidate };
}

/** A store failure, kept apart from a token so the flow can branch on it. */
class StoreFailure extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
}

function toStoreFailure(error: Error): StoreFailure {
  return error instanceof StoreFailure ? error : new StoreFailure(error);
}

/** Store errors reach listeners as a plain error naming the operation (a driver error may quote keys or values). */
function safeStoreError(error: Error, operation: string): Error {
  const safe = new Error(`token store ${operation} failed (${error.name})`);
  safe.name = "TokenStoreError";
  return safe;
}

function isCachedToken(value: unknown): value is CachedToken {
  if (typeof value !== "object" || value === null) return false;
  const token = value as Record<string, unknown>;
  return (
    typeof token.accessToken === "string" &&
    token.accessToken.length > 0 &&
    typeof token.receivedAt === "number" &&
    typeof token.expiresAt === "number" &&
    Number.isFinite(token.expiresAt)
  );
}

function toTokenError(cause: unknown, key: string): TokenRequestError {
  if (cause instanceof TokenRequestError) return cause;
  if (isTokenRequestError(cause)) return cause;
  return new TokenRequestError(`token refresh failed for ${key.split("|")[0] ?? "provider"}`, { cause });
}

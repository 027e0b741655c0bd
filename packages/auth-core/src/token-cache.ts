import { isTokenRequestError, TokenRequestError } from "./errors.js";
import { createKeepAlive, raceAbort, sleep, unrefTimer, withTimeout } from "./timers.js";
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
  /**
   * Lease of the store lock. The holder renews it (every third of the lease) for as long as its fetch
   * runs, so a slow token endpoint never lets a second process in; a holder that dies stops renewing and
   * a waiter takes over within one lease. Default 15,000 ms.
   */
  lockLeaseMs?: number;
  /**
   * Longest a waiter waits for another process's refresh before fetching itself; size it to the fetch's
   * own worst case (attempts x timeout + waits). Default 120,000 ms (the provider clients compute it).
   */
  lockWaitMs?: number;
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
  /**
   * The token `getToken()` would resolve to at once (a hit: same event, same refresh-ahead), without a
   * promise; `undefined` when getToken would have to wait or throw (no valid token, disposed). Optional:
   * the auth middleware falls back to `getToken()` for a cache without it. Not enumerable on the caches
   * createTokenCache makes, so `{ ...cache, getToken }` wrappers drop it; override it too when you
   * wrap getToken another way (e.g. by assigning the property).
   */
  peekToken?(): CachedToken | undefined;
  /**
   * Compare-and-invalidate: drops the cached token only if it is `accessToken`; true if it did. With reason
   * "unauthorized", a token that {@link TokenCache.reportRejected} marked is kept (a permission problem).
   */
  invalidate(accessToken: string, options?: InvalidateOptions): Promise<boolean>;
  /**
   * Reports that a request replayed with `accessToken` right after a refresh still got 401: the API denies
   * permission, the token is fine. For {@link UNAUTHORIZED_HOLD_MS} further 401s with it drop nothing, so a
   * path the client may not call costs no token request per call.
   */
  reportRejected(accessToken: string): void;
  /** Stops background work, aborts an in-flight refresh (releasing a held lease); later calls reject. */
  dispose(): Promise<void>;
}

/** How long a token that also got 401 right after a refresh is kept on further 401s: 60 s. */
export const UNAUTHORIZED_HOLD_MS = 60_000;

const DEFAULT_WINDOW_MAX_MS = 5 * 60 * 1000;
const DEFAULT_WINDOW_FRACTION = 0.1;
const DEFAULT_NEGATIVE_CACHE_MS = 1_500;
const MAX_NEGATIVE_CACHE_MS = 60_000;
const DEFAULT_LOCK_LEASE_MS = 15_000;
const DEFAULT_LOCK_WAIT_MS = 120_000;
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
  const lockWaitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  /** After a store failure, store calls are skipped (counted as failed at once) for this long. */
  const storeRetryMs = 2 * storeTimeoutMs;
  const keepAlive = createKeepAlive();
  /** Aborted by dispose(): the shared refresh's signal, so shutdown can really cancel it. */
  const lifetime = new AbortController();

  let current: CachedToken | undefined;
  let inflight: Promise<CachedToken> | undefined;
  let negative: { error: Error; until: number } | undefined;
  let backgroundFailures = 0;
  let nextBackgroundAt = 0;
  let storeDown = false;
  let storeSkipUntil = 0;
  /** Tokens a replay right after a refresh saw rejected (401), until when they are kept on 401. */
  const rejected = new Map<string, number>();
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
    // A store known to be down is not asked again until the skip window passes: a hanging store must
    // not cost storeTimeoutMs on every operation of every refresh.
    if (storeDown && clock.now() < storeSkipUntil) return new StoreFailure(new Error("token store unavailable"));
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
      storeSkipUntil = clock.now() + storeRetryMs;
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
    const started = clock.now();
    const fetched = await fetchToken({ signal: lifetime.signal });
    // The successful attempt's send time (after retries), when the fetcher reports it.
    const receivedAt = typeof fetched.sentAt === "number" && fetched.sentAt >= started ? fetched.sentAt : started;
    const token: CachedToken = {
      accessToken: fetched.accessToken,
      receivedAt,
      expiresAt: receivedAt + fetched.expiresInMs,
    };
    if (fetched.tokenType !== undefined) token.tokenType = fetched.tokenType;
    await publish(token);
    return token;
  }

  /** Renews the lease every third of it while the holder works; background work, so unref'd. */
  function renewWhileHeld(lock: TokenStoreLock): () => void {
    if (typeof lock.extend !== "function") return () => undefined;
    const extend = lock.extend.bind(lock);
    const timer = setInterval(
      () => {
        withTimeout(extend(leaseMs), storeTimeoutMs, () => new Error("token store lock extend timed out")).catch(
          () => undefined, // A lost renewal only lets a waiter in after the lease; the fetch goes on.
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    unrefTimer(timer);
    return () => clearInterval(timer);
  }

  async function fetchHoldingLock(lock: TokenStoreLock): Promise<CachedToken> {
    const stopRenewing = renewWhileHeld(lock);
    try {
      // Double-checked locking: the previous holder may have published and released just before we locked.
      const again = await readStore();
      if (!(again instanceof StoreFailure) && again && isFresh(again, clock.now())) return again;
      return await fetchAndPublish();
    } finally {
      stopRenewing();
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

    // Another process holds the lease (and renews it while it fetches): poll the store for the token it
    // writes. The wait is measured in the time actually slept, so bound and sleep use one clock.
    let waited = 0;
    let delay = POLL_FIRST_MS;
    while (waited < lockWaitMs) {
      if (lifetime.signal.aborted) throw disposedError();
      const step = Math.min(delay, lockWaitMs - waited);
      await sleep(step, lifetime.signal).catch(() => undefined);
      waited += step;
      delay = Math.min(delay * 2, Math.min(POLL_MAX_MS, Math.max(POLL_FIRST_MS, leaseMs / 4)));
      const polled = await readStore();
      if (polled instanceof StoreFailure) return fetchAndPublish();
      if (polled && isFresh(polled, clock.now())) {
        emit({ type: "store_wait", key, waitedMs: waited, outcome: "token" });
        return polled;
      }
      const lock = await tryLock();
      if (lock instanceof StoreFailure) return fetchAndPublish();
      if (lock) {
        // The holder's lease lapsed (it died or lost the store): we take over the refresh for the fleet.
        emit({ type: "store_wait", key, waitedMs: waited, outcome: "lock" });
        return fetchHoldingLock(lock);
      }
    }
    // The holder still renews but has not delivered within the fetch's own worst case: fetch ourselves.
    emit({ type: "store_wait", key, waitedMs: waited, outcome: "timeout" });
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
          // The server's own wait (Retry-After / a 429's reset) is honoured here too, up to the old token's expiry.
          const wanted = Math.max(backoff, error.retryAfterMs ?? 0);
          const retryIn = Math.max(0, Math.min(wanted, current.expiresAt - now));
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

  /** A hit at `now`: reports it, starts the refresh ahead when due, and returns the token; else undefined. */
  function hit(now: number): CachedToken | undefined {
    const token = current;
    if (!token || !isValid(token, now)) return undefined;
    if (options.onEvent) emit({ type: "cache_hit", key, expiresInMs: token.expiresAt - now });
    if (!isFresh(token, now) && !inflight && now >= nextBackgroundAt) {
      startRefresh("refresh_ahead", true).catch(() => {
        // Reported as refresh_failure; callers keep the still-valid token.
      });
    }
    return token;
  }

  function peekToken(): CachedToken | undefined {
    return lifetime.signal.aborted ? undefined : hit(clock.now());
  }

  async function getToken(getOptions?: GetTokenOptions): Promise<CachedToken> {
    const signal = getOptions?.signal;
    if (signal?.aborted) throw signal.reason;
    if (lifetime.signal.aborted) throw disposedError();
    for (let round = 0; round < 3; round++) {
      const now = clock.now();
      const token = current;
      const ready = hit(now);
      if (ready) return ready;
      if (!inflight && negative && now < negative.until) throw negative.error;
      emit({ type: "cache_miss", key });
      // A caller awaits this refresh: keep the process alive until it settles (its timers are unref'd).
      const fresh = await keepAlive(raceAbort(startRefresh(token ? "expired" : missReason, false), signal));
      if (isValid(fresh, clock.now())) return fresh;
      // The clock passed the new token's expiry while we waited: go round again.
    }
    throw new TokenRequestError("token expired before it could be used; the clock moves faster than tokens last", {});
  }

  function recentlyRejected(accessToken: string): boolean {
    const until = rejected.get(accessToken);
    if (until === undefined) return false;
    if (clock.now() < until) return true;
    rejected.delete(accessToken);
    return false;
  }

  function reportRejected(accessToken: string): void {
    const now = clock.now();
    for (const [token, until] of rejected) if (until <= now) rejected.delete(token);
    rejected.set(accessToken, now + UNAUTHORIZED_HOLD_MS);
  }

  async function invalidate(accessToken: string, invalidateOptions?: InvalidateOptions): Promise<boolean> {
    const reason = invalidateOptions?.reason ?? "manual";
    if (reason === "unauthorized" && recentlyRejected(accessToken)) {
      emit({ type: "invalidate", key, reason, dropped: false, kept: "permission_denied" });
      return false;
    }
    const dropped = current?.accessToken === accessToken;
    if (dropped) {
      current = undefined;
      revoked = accessToken;
      missReason = "invalidated";
      if (store) await storeOp("delete", () => store.delete(key, accessToken));
    }
    emit({ type: "invalidate", key, reason, dropped });
    return dropped;
  }

  async function dispose(): Promise<void> {
    if (!lifetime.signal.aborted) lifetime.abort(disposedError());
    current = undefined;
    rejected.clear();
    const pending = inflight;
    if (pending) await pending.then(noop, noop);
  }

  const cache: TokenCache = { key, getToken, invalidate, reportRejected, dispose };
  // Not enumerable: a wrapper made by spreading the cache (`{ ...cache, getToken: mine }`) has no peekToken,
  // so the middleware calls the wrapper's getToken on every request, as it did before peekToken existed.
  Object.defineProperty(cache, "peekToken", { value: peekToken, enumerable: false });
  return cache;
}

function noop(): void {}

function disposedError(): TokenRequestError {
  return new TokenRequestError("token cache was disposed (the client was closed)", {});
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

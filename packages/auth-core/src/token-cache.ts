/**
 * createTokenCache: a per-key token cache with single-flight refresh, refresh-ahead (stale-while-revalidate),
 * compare-and-invalidate, a negative cache and optional fleet coordination through a TokenStore. The parts
 * live in ./token/: the clock pair, the refresh window, the shared refresh ("flight") and how callers wait
 * for it, the store coordination and the 401 bookkeeping. Nothing here runs at construction that a Worker's
 * global scope forbids (no I/O object, timer or random value is created until a call needs one).
 */
import { credentialOfKey } from "./cache-key.js";
import { TokenRequestError } from "./errors.js";
import { callListener } from "./telemetry/listeners.js";
import { cacheClock } from "./token/clock.js";
import { type Flight, waitForFlight } from "./token/flight.js";
import { NO_STORE } from "./token/no-store.js";
import { type CacheState, startFlight } from "./token/refresh.js";
import { createRefreshWindow } from "./token/refresh-window.js";
import { isRequestScopedRuntime } from "./token/request-scoped-runtime.js";
import {
  createStoreCoordinator,
  type StoreCoordinationOptions,
  type StoreCoordinator,
} from "./token/store-coordination.js";
import { createUnauthorizedHold, UNAUTHORIZED_HOLD_MS } from "./token/unauthorized-hold.js";
import type {
  AuthEvent,
  AuthEventListener,
  CachedToken,
  Clock,
  FetchToken,
  RefreshReason,
  RefreshWindowOptions,
  TokenStore,
} from "./types.js";

export { UNAUTHORIZED_HOLD_MS };

/** Options of createTokenCache. */
export interface TokenCacheOptions {
  /** The cache key (see tokenCacheKey): also the key in the shared store. Never put in an event. */
  key: string;
  /**
   * How events name these credentials, e.g. `"dollr:my-client-id"` (the provider clients pass
   * `"<provider>:<clientId>"`). Default: derived from `key` without its secret hash (see {@link credentialOfKey}).
   */
  credential?: string;
  /** Fetches one token; a caller may bring its own (see {@link TokenCallContext.fetchToken}). */
  fetchToken: FetchToken;
  /** Shared store (e.g. Redis); with `lock`, one process refreshes for the fleet. */
  store?: TokenStore;
  /** Time source; inject one for fake time. `monotonicNow` (optional) times durations. */
  clock?: Clock;
  /** The refresh-ahead window: `min(maxMs, fraction * lifetime)` before expiry. */
  refreshWindow?: RefreshWindowOptions;
  /** How long a failed refresh is replayed to callers before a new attempt. Default 1,500 ms. */
  negativeCacheMs?: number;
  /** Receives every event of this cache (callers may add their own per call). */
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
  /**
   * Whether the runtime cancels a request's I/O and timers when the request ends (Cloudflare Workers). Then
   * a refresh-ahead runs in the background only through a caller's `waitUntil`. Default: detected.
   */
  requestScopedRuntime?: boolean;
}

/** What one caller brings to a token lookup: its own listener, fetch and background hook. */
export interface TokenCallContext {
  /** Receives this call's events, and those of a refresh it starts or waits for. */
  onEvent?: AuthEventListener | undefined;
  /** Fetches through this caller's client (its own `fetch`), when this caller starts the refresh. */
  fetchToken?: FetchToken | undefined;
  /**
   * `false` when this caller's listener ignores `cache_hit` (a client that only logs at `warn`): a warm call
   * then builds no event. Default true.
   */
  reportHits?: boolean | undefined;
  /** Keeps a background refresh this caller starts alive past its request (Workers' `ctx.waitUntil`). */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/** Options of TokenCache.getToken. */
export interface GetTokenOptions extends TokenCallContext {
  /** Aborts this caller's wait only; the shared refresh continues for everyone else. */
  signal?: AbortSignal | undefined;
}

/** Options of TokenCache.invalidate. */
export interface InvalidateOptions {
  /** Reported in the `invalidate` event. Default "manual". */
  reason?: "unauthorized" | "manual";
  /** Receives the `invalidate` event besides the cache's own listener. */
  onEvent?: AuthEventListener | undefined;
}

/** A per-key token cache with single-flight refresh, refresh-ahead and compare-and-invalidate. */
export interface TokenCache {
  /** The cache key (also the store key). */
  readonly key: string;
  /**
   * How this cache's events name the credentials (never the key, which holds the secret's hash). Optional
   * for caches of your own; events then use {@link credentialOfKey} of `key`.
   */
  readonly credential?: string;
  /** A valid token: the cached one, or one fetched (or waited for) now. */
  getToken(options?: GetTokenOptions): Promise<CachedToken>;
  /**
   * The token `getToken()` would resolve to at once (a hit: same event, same refresh-ahead), without a
   * promise; `undefined` when getToken would have to wait or throw (no valid token, disposed). Optional:
   * the auth middleware falls back to `getToken()` for a cache without it. Not enumerable on the caches
   * createTokenCache makes, so `{ ...cache, getToken }` wrappers drop it; override it too when you
   * wrap getToken another way (e.g. by assigning the property).
   */
  peekToken?(context?: TokenCallContext): CachedToken | undefined;
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

const DEFAULT_NEGATIVE_CACHE_MS = 1_500;
const DEFAULT_LOCK_LEASE_MS = 15_000;
const DEFAULT_LOCK_WAIT_MS = 120_000;
const DEFAULT_STORE_TIMEOUT_MS = 2_000;
/** Rounds a caller goes when the clock passes a new token's expiry while it waits. */
const MAX_ROUNDS = 3;

/** A token cache plus the internal hook that forgets its tokens without disposing it. */
export interface ResettableTokenCache {
  cache: TokenCache;
  /** Drops the cached token, failure memory and 401 holds; the cache stays usable (the next call is cold). */
  clear(): void;
}

/** Creates a token cache for one key (any TokenStore works); see the package README for the lifecycle. */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  return createResettableTokenCache(options, createStoreCoordinator).cache;
}

/**
 * createTokenCache, plus `clear()` (used by resetSharedTokenCaches, which must never dispose a live cache).
 * `coordinate` builds the store coordination when `options.store` is set; without a store none is needed,
 * so a caller that never has one (a default client) does not bundle it.
 */
export function createResettableTokenCache(
  options: TokenCacheOptions,
  coordinate?: (options: StoreCoordinationOptions) => StoreCoordinator,
): ResettableTokenCache {
  const { key } = options;
  const credential = options.credential ?? credentialOfKey(key);
  const clock = cacheClock(options.clock);
  const window = createRefreshWindow(options.refreshWindow);
  const state: CacheState = {
    key,
    credential,
    clock,
    window,
    coordinator:
      options.store && coordinate
        ? coordinate({
            key,
            credential,
            store: options.store,
            clock,
            leaseMs: options.lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS,
            lockWaitMs: options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS,
            storeTimeoutMs: options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
            isFresh: window.isFresh,
          })
        : NO_STORE,
    negativeCacheMs: options.negativeCacheMs ?? DEFAULT_NEGATIVE_CACHE_MS,
    current: undefined,
    flight: undefined,
    negative: undefined,
    backgroundFailures: 0,
    nextBackgroundAt: 0,
    missReason: "miss",
    disposed: false,
  };
  const hold = createUnauthorizedHold(clock);
  const requestScoped = options.requestScopedRuntime ?? isRequestScopedRuntime();
  const lookup = createLookup(state, options, requestScoped);

  const cache: TokenCache = {
    key,
    credential,
    getToken: lookup.getToken,
    reportRejected: (accessToken) => hold.reject(accessToken),
    async invalidate(accessToken, invalidateOptions) {
      const reason = invalidateOptions?.reason ?? "manual";
      const emit = (event: AuthEvent): void => emitBoth(options.onEvent, invalidateOptions?.onEvent, event);
      if (reason === "unauthorized" && hold.isHeld(accessToken)) {
        emit({ type: "invalidate", credential, reason, dropped: false, kept: "permission_denied" });
        return false;
      }
      const dropped = state.current?.accessToken === accessToken;
      if (dropped) {
        state.current = undefined;
        state.missReason = "invalidated";
        await state.coordinator.revoke(accessToken, emit);
      }
      emit({ type: "invalidate", credential, reason, dropped });
      return dropped;
    },
    async dispose() {
      state.disposed = true;
      state.current = undefined;
      hold.clear();
      const pending = state.flight;
      if (pending) {
        pending.abort(disposedError());
        await pending.promise.then(noop, noop);
      }
    },
  };
  // Not enumerable: a wrapper made by spreading the cache (`{ ...cache, getToken: mine }`) has no peekToken,
  // so the middleware calls the wrapper's getToken on every request, as it did before peekToken existed.
  Object.defineProperty(cache, "peekToken", { value: lookup.peekToken, enumerable: false });
  const clear = (): void => {
    state.current = undefined;
    state.negative = undefined;
    state.backgroundFailures = 0;
    state.nextBackgroundAt = 0;
    state.missReason = "miss";
    hold.clear();
  };
  return { cache, clear };
}

/** getToken and peekToken over the cache state. */
function createLookup(state: CacheState, options: TokenCacheOptions, requestScoped: boolean) {
  const { credential, clock, window } = state;
  const emit = (context: TokenCallContext | undefined, event: AuthEvent): void =>
    emitBoth(options.onEvent, context?.onEvent, event);
  const begin = (reason: RefreshReason, background: boolean, context: TokenCallContext | undefined): Flight =>
    startFlight(state, reason, background, context?.fetchToken ?? options.fetchToken, [
      options.onEvent,
      context?.onEvent,
    ]);

  /** Joins the live flight (adding this caller's listener), or undefined when there is none. */
  const liveFlight = (context: TokenCallContext | undefined): Flight | undefined => {
    const flight = state.flight;
    if (flight) flight.listeners.add(context?.onEvent);
    return flight;
  };

  /** Starts the refresh ahead in the background, where the runtime lets background work finish. */
  function refreshAhead(context: TokenCallContext | undefined): boolean {
    if (requestScoped && context?.waitUntil === undefined) return false;
    const flight = begin("refresh_ahead", true, context);
    // Reported as refresh_failure; callers keep the still-valid token.
    const settled = flight.promise.then(noop, noop);
    if (requestScoped) context?.waitUntil?.(settled);
    return true;
  }

  /**
   * A hit at wall time `now`: reports it, starts the refresh ahead when due, and returns the token; else
   * undefined. In a request-scoped runtime without `waitUntil`, a due refresh is not started in the
   * background: undefined tells getToken to refresh in the foreground for this one caller.
   */
  function hit(now: number, context: TokenCallContext | undefined): CachedToken | undefined {
    const token = state.current;
    if (!token || !window.isValid(token, now)) return undefined;
    if (!window.isFresh(token, now) && !state.flight && clock.elapsed() >= state.nextBackgroundAt) {
      if (!refreshAhead(context)) return undefined;
    }
    if (options.onEvent || (context?.onEvent && context.reportHits !== false))
      emit(context, { type: "cache_hit", credential, expiresInMs: token.expiresAt - now });
    return token;
  }

  function peekToken(context?: TokenCallContext): CachedToken | undefined {
    return state.disposed ? undefined : hit(clock.wall(), context);
  }

  /** Waits for a flight on this caller's timer; a flight whose starter went silent is replaced by one of ours. */
  async function awaitRefresh(first: Flight, reason: RefreshReason, getOptions: GetTokenOptions | undefined) {
    let flight = first;
    for (;;) {
      const outcome = await waitForFlight(flight, clock, getOptions?.signal);
      if ("token" in outcome) return outcome.token;
      const current = state.current;
      if (current && window.isValid(current, clock.wall())) return current; // someone delivered meanwhile
      emit(getOptions, { type: "refresh_abandoned", credential, silentMs: outcome.abandoned });
      if (state.flight === flight) state.flight = undefined;
      flight = liveFlight(getOptions) ?? begin(reason, false, getOptions);
    }
  }

  /** A foreground refresh inside the window (request-scoped runtime, no waitUntil): the old token is the fallback. */
  async function refreshInForeground(token: CachedToken, getOptions: GetTokenOptions | undefined) {
    const flight = liveFlight(getOptions) ?? begin("refresh_ahead", false, getOptions);
    try {
      return await awaitRefresh(flight, "refresh_ahead", getOptions);
    } catch (error) {
      if (getOptions?.signal?.aborted || !window.isValid(token, clock.wall())) throw error;
      return token;
    }
  }

  async function getToken(getOptions?: GetTokenOptions): Promise<CachedToken> {
    const signal = getOptions?.signal;
    if (signal?.aborted) throw signal.reason;
    if (state.disposed) throw disposedError();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = clock.wall();
      const ready = hit(now, getOptions);
      if (ready) return ready;
      const token = state.current;
      if (token && window.isValid(token, now)) return refreshInForeground(token, getOptions);
      const negative = state.negative;
      if (!state.flight && negative && clock.elapsed() < negative.until) throw negative.error;
      emit(getOptions, { type: "cache_miss", credential });
      const reason: RefreshReason = token ? "expired" : state.missReason;
      const flight = liveFlight(getOptions) ?? begin(reason, false, getOptions);
      const fresh = await awaitRefresh(flight, reason, getOptions);
      if (window.isValid(fresh, clock.wall())) return fresh;
      // The clock passed the new token's expiry while we waited: go round again.
    }
    throw new TokenRequestError("token expired before it could be used; the clock moves faster than tokens last", {});
  }

  return { getToken, peekToken };
}

/** Sends `event` to the cache's listener and the caller's (once when they are the same function). */
function emitBoth(
  cacheListener: AuthEventListener | undefined,
  callerListener: AuthEventListener | undefined,
  event: AuthEvent,
): void {
  callListener(cacheListener, event);
  if (callerListener !== cacheListener) callListener(callerListener, event);
}

function noop(): void {}

function disposedError(): TokenRequestError {
  return new TokenRequestError("token cache was disposed (the client was closed)", {});
}

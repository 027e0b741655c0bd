/**
 * Running one shared refresh: obtain a token (through the store when there is one), record it, and on
 * failure decide between "keep serving the old token and retry in the background later" and "remember the
 * failure briefly" (negative cache). All durations on the monotonic clock.
 */
import { isTokenRequestError, TokenRequestError } from "../errors.js";
import { ListenerFanOut } from "../telemetry/listeners.js";
import type { AuthEvent, AuthEventListener, CachedToken, FetchToken, RefreshReason } from "../types.js";
import type { CacheClock } from "./clock.js";
import { type Flight, launchFlight } from "./flight.js";
import type { RefreshWindow } from "./refresh-window.js";
import type { StoreCoordinator } from "./store-coordination.js";

const BACKGROUND_RETRY_BASE_MS = 1_000;
const BACKGROUND_RETRY_MAX_MS = 30_000;
const MAX_NEGATIVE_CACHE_MS = 60_000;

/** The mutable state of one token cache. */
export interface CacheState {
  readonly key: string;
  /** How events name the credentials (never the key: it holds the secret's hash). */
  readonly credential: string;
  readonly clock: CacheClock;
  readonly window: RefreshWindow;
  readonly coordinator: StoreCoordinator;
  readonly negativeCacheMs: number;
  current: CachedToken | undefined;
  flight: Flight | undefined;
  /** A failure replayed to callers until `until` (monotonic ms). */
  negative: { error: TokenRequestError; until: number } | undefined;
  backgroundFailures: number;
  /** No background refresh before this monotonic time (after a failed one). */
  nextBackgroundAt: number;
  missReason: RefreshReason;
  disposed: boolean;
}

/** Starts a refresh as the cache's flight; `fetchToken` is the starting caller's (its client's fetch). */
export function startFlight(
  state: CacheState,
  reason: RefreshReason,
  background: boolean,
  fetchToken: FetchToken,
  listeners: readonly (AuthEventListener | undefined)[],
): Flight {
  const fanOut = new ListenerFanOut<AuthEvent>();
  for (const listener of listeners) fanOut.add(listener);
  const flight = launchFlight(state.clock, fanOut, (self) => runRefresh(state, self, reason, background, fetchToken));
  state.flight = flight;
  flight.promise.then(clearFlight, clearFlight);
  function clearFlight(): void {
    if (state.flight === flight) state.flight = undefined;
  }
  return flight;
}

async function runRefresh(
  state: CacheState,
  flight: Flight,
  reason: RefreshReason,
  background: boolean,
  fetchToken: FetchToken,
): Promise<CachedToken> {
  const emit = (event: AuthEvent): void => flight.listeners.emit(event);
  const { key, credential, clock } = state;
  emit({ type: "refresh_start", credential, reason, background });
  const started = clock.elapsed();
  try {
    const fetchAndPublish = async (): Promise<CachedToken> => {
      const token = await fetchOnce(state, flight, fetchToken, emit);
      await state.coordinator.publish(token, emit);
      return token;
    };
    const token = await state.coordinator.obtain(fetchAndPublish, flight.signal, emit);
    if (flight.signal.aborted) throw flight.signal.reason;
    recordSuccess(state, token);
    emit({
      type: "refresh_success",
      credential,
      durationMs: clock.elapsed() - started,
      expiresInMs: token.expiresAt - clock.wall(),
    });
    return token;
  } catch (cause) {
    const error = toTokenError(cause, key);
    const failure: AuthEvent = { type: "refresh_failure", credential, durationMs: clock.elapsed() - started, error };
    const retryIn = recordFailure(state, error);
    if (retryIn !== undefined) failure.willRetryInMs = retryIn;
    emit(failure);
    throw error;
  }
}

/** One token request; the lifetime counts from when the successful attempt was sent, not when it answered. */
async function fetchOnce(
  state: CacheState,
  flight: Flight,
  fetchToken: FetchToken,
  emit: (event: AuthEvent) => void,
): Promise<CachedToken> {
  const started = state.clock.wall();
  const fetched = await fetchToken({ signal: flight.signal, onEvent: emit });
  const receivedAt = typeof fetched.sentAt === "number" && fetched.sentAt >= started ? fetched.sentAt : started;
  const token: CachedToken = {
    accessToken: fetched.accessToken,
    receivedAt,
    expiresAt: receivedAt + fetched.expiresInMs,
  };
  if (fetched.tokenType !== undefined) token.tokenType = fetched.tokenType;
  return token;
}

function recordSuccess(state: CacheState, token: CachedToken): void {
  state.current = token;
  state.missReason = "miss";
  state.negative = undefined;
  state.backgroundFailures = 0;
  state.nextBackgroundAt = 0;
}

/**
 * A failed refresh: while the old token still works, retry later in the background (backoff, or the
 * server's own wait, up to the old token's expiry) and return the delay; otherwise remember the failure
 * for the negative-cache cooldown.
 */
function recordFailure(state: CacheState, error: TokenRequestError): number | undefined {
  const wall = state.clock.wall();
  const elapsed = state.clock.elapsed();
  const current = state.current;
  if (current && state.window.isValid(current, wall)) {
    state.backgroundFailures++;
    const backoff = Math.min(BACKGROUND_RETRY_MAX_MS, BACKGROUND_RETRY_BASE_MS * 2 ** (state.backgroundFailures - 1));
    const wanted = Math.max(backoff, error.retryAfterMs ?? 0);
    const retryIn = Math.max(0, Math.min(wanted, current.expiresAt - wall));
    state.nextBackgroundAt = elapsed + retryIn;
    return retryIn;
  }
  const cooldown = Math.min(MAX_NEGATIVE_CACHE_MS, Math.max(state.negativeCacheMs, error.retryAfterMs ?? 0));
  state.negative = { error, until: elapsed + cooldown };
  return undefined;
}

function toTokenError(cause: unknown, key: string): TokenRequestError {
  if (cause instanceof TokenRequestError) return cause;
  if (isTokenRequestError(cause)) return cause;
  return new TokenRequestError(`token refresh failed for ${key.split("|")[0] ?? "provider"}`, { cause });
}

/**
 * The one shared token refresh of a cache ("flight") and how callers wait for it.
 *
 * A caller never depends on another caller's I/O forever: runtimes such as Cloudflare Workers cancel the
 * I/O and timers of a request when it ends, so a refresh started by request A can stop without ever
 * settling. The flight therefore beats a heartbeat (a timer in the starter's context) and every waiter
 * watches it with a timer of its own; a waiter that sees the heartbeat silent stops waiting and the cache
 * starts a new flight in the waiter's context. What callers share is the token value, never a pending fetch.
 */
import type { ListenerFanOut } from "../telemetry/listeners.js";
import { unrefTimer } from "../timers.js";
import type { AuthEvent, CachedToken } from "../types.js";
import type { CacheClock } from "./clock.js";

/** How often a running flight proves it is alive. */
export const FLIGHT_HEARTBEAT_MS = 250;
/** Silence after which a flight counts as abandoned by its (cancelled) starter. */
export const FLIGHT_SILENCE_MS = 1_500;
/** How often a waiter looks at the heartbeat (its own timer: it also keeps a Node process alive). */
const WAITER_CHECK_MS = 250;

/** One shared refresh in progress. */
export interface Flight {
  readonly promise: Promise<CachedToken>;
  /** Listeners of every caller that started or joined this refresh: its events go to all of them. */
  readonly listeners: ListenerFanOut<AuthEvent>;
  /** Aborted by dispose (the refresh's own signal, never a caller's). */
  readonly signal: AbortSignal;
  abort(reason: unknown): void;
  settled(): boolean;
  /** Milliseconds since the last heartbeat at monotonic `now` (0 once settled). */
  silentFor(now: number): number;
}

/**
 * Starts `run` as a flight reporting to `listeners`: its own AbortController and an unref'd heartbeat, both
 * made now (in the starting caller's context), never at construction.
 */
export function launchFlight(
  clock: CacheClock,
  listeners: ListenerFanOut<AuthEvent>,
  run: (flight: Flight) => Promise<CachedToken>,
): Flight {
  const controller = new AbortController();
  let done = false;
  let beatAt = clock.elapsed();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const beat = (): void => {
    beatAt = clock.elapsed();
    timer = setTimeout(beat, FLIGHT_HEARTBEAT_MS);
    unrefTimer(timer);
  };
  timer = setTimeout(beat, FLIGHT_HEARTBEAT_MS);
  unrefTimer(timer);
  const flight: Flight = {
    promise: undefined as unknown as Promise<CachedToken>,
    listeners,
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    settled: () => done,
    silentFor: (now) => (done ? 0 : Math.max(0, now - beatAt)),
  };
  const settle = (): void => {
    done = true;
    clearTimeout(timer);
  };
  (flight as { promise: Promise<CachedToken> }).promise = run(flight).finally(settle);
  return flight;
}

/** What a waiter learns: the flight's token, or that its starter went silent. */
export type FlightOutcome = { token: CachedToken } | { abandoned: number };

/**
 * Waits for `flight` on this caller's own timer: settles with its token (or rejects with its error), rejects
 * with the signal's reason when the caller aborts, or reports `abandoned` when the heartbeat has been silent
 * for {@link FLIGHT_SILENCE_MS} while this caller's own timer kept time (a busy event loop delays both
 * timers alike and proves nothing). The waiter's timer is ref'd: a caller awaiting a token keeps a Node
 * process alive; background work never waits here.
 */
export function waitForFlight(
  flight: Flight,
  clock: CacheClock,
  signal: AbortSignal | undefined,
): Promise<FlightOutcome> {
  return new Promise<FlightOutcome>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastTick = clock.elapsed();
    const finish = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = (): void => {
      finish();
      reject(signal?.reason);
    };
    const tick = (): void => {
      const now = clock.elapsed();
      const late = now - lastTick - WAITER_CHECK_MS;
      lastTick = now;
      const silent = flight.silentFor(now);
      if (silent > FLIGHT_SILENCE_MS && late < FLIGHT_SILENCE_MS / 2) {
        finish();
        resolve({ abandoned: Math.round(silent) });
        return;
      }
      timer = setTimeout(tick, WAITER_CHECK_MS);
    };
    timer = setTimeout(tick, WAITER_CHECK_MS);
    signal?.addEventListener("abort", onAbort, { once: true });
    flight.promise.then(
      (token) => {
        finish();
        resolve({ token });
      },
      (error: unknown) => {
        finish();
        reject(error);
      },
    );
  });
}

/**
 * Calling user listeners safely: a listener that throws, or returns a promise that rejects, is ignored.
 * Every event hook of auth-core goes through here, so no listener can break a call or crash the process
 * with an unhandled rejection.
 */

/**
 * What a listener may return: anything. A returned promise (an async listener) is caught, so its
 * rejection never escapes; any other value is ignored.
 */
export type ListenerResult = unknown;

/** Calls `listener(event)`; swallows a synchronous throw and a rejection of a returned promise. */
export function callListener<E>(listener: ((event: E) => ListenerResult) | undefined, event: E): void {
  if (listener === undefined) return;
  try {
    const result = listener(event);
    if (result !== undefined && result !== null && typeof (result as PromiseLike<unknown>).then === "function") {
      (result as PromiseLike<unknown>).then(undefined, ignore);
    }
  } catch {
    // A throwing listener must not break the call that reported the event.
  }
}

function ignore(): void {}

/**
 * A set of listeners that receive the same events (e.g. every caller waiting on one shared token refresh).
 * Dedupes by identity; `emit` calls each one safely.
 */
export class ListenerFanOut<E> {
  readonly #listeners = new Set<(event: E) => ListenerResult>();

  /** Adds a listener (no-op for undefined or one already present). */
  add(listener: ((event: E) => ListenerResult) | undefined): void {
    if (listener !== undefined) this.#listeners.add(listener);
  }

  /** Sends `event` to every listener, each call guarded by {@link callListener}. */
  emit(event: E): void {
    for (const listener of this.#listeners) callListener(listener, event);
  }
}

/**
 * Waits `ms` (fake-timer friendly); rejects with the signal's reason when it aborts. The timer is unref'd
 * (background work never keeps a process alive) unless `keepAlive`: a wait a caller awaits (an API
 * retry's backoff) keeps a CLI alive until it is over.
 */
export function sleep(ms: number, signal?: AbortSignal, keepAlive = false): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    if (!keepAlive) unrefTimer(timer);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Lets the process exit while the timer is pending (no-op where timers are plain numbers). */
export function unrefTimer(timer: unknown): void {
  if (typeof timer === "object" && timer !== null && "unref" in timer && typeof timer.unref === "function") {
    timer.unref();
  }
}

/** Settles like `promise`, or rejects with the signal's reason as soon as the signal aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Rejects with `onTimeout()` if `promise` has not settled after `ms` (unref'd timer). */
export function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), ms);
    unrefTimer(timer);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const KEEP_ALIVE_MS = 2_147_483_647;

/**
 * A ref-counted keep-alive: while at least one holder is inside `hold`, one ref'd timer keeps the process
 * alive (a CLI awaiting a retried token gets its answer); background work never holds it, so a process
 * whose callers are done exits at once.
 */
export function createKeepAlive(): <T>(promise: Promise<T>) => Promise<T> {
  let holders = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const leave = (): void => {
    holders--;
    if (holders === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
  return <T>(promise: Promise<T>): Promise<T> => {
    holders++;
    if (timer === undefined) timer = setTimeout(noop, KEEP_ALIVE_MS);
    return promise.then(
      (value) => {
        leave();
        return value;
      },
      (error: unknown) => {
        leave();
        throw error;
      },
    );
  };
}

function noop(): void {}

/** A signal following two others, and how to unlink it from them. */
export interface LinkedSignal {
  readonly signal: AbortSignal;
  /**
   * Removes its listeners from both sources. Call it when the signal is no longer needed: a source
   * that outlives many uses (a caller's long-lived signal) otherwise keeps one listener, and the
   * controller it closes over, per use until it aborts.
   */
  release(): void;
}

/**
 * A signal that aborts when either does (with that one's reason). Not `AbortSignal.any`: Node holds its
 * result only weakly from the sources, so a Request following it can miss the abort after a GC; and not
 * every runtime this runs on has it.
 */
export function anySignal(a: AbortSignal, b: AbortSignal): LinkedSignal {
  const controller = new AbortController();
  const links: [AbortSignal, () => void][] = [];
  for (const source of [a, b]) {
    if (source.aborted) {
      controller.abort(source.reason);
      continue;
    }
    const onAbort = (): void => controller.abort(source.reason);
    source.addEventListener("abort", onAbort, { once: true });
    links.push([source, onAbort]);
  }
  return {
    signal: controller.signal,
    release: () => {
      for (const [source, onAbort] of links.splice(0)) source.removeEventListener("abort", onAbort);
    },
  };
}

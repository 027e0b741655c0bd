/**
 * Test support: the one rule of request-scoped runtimes (Cloudflare Workers) that matters to a token cache,
 * modelled in Node: timers belong to the request that created them (directly, or from one of its own timer
 * callbacks), and when a request ends they never fire again. `within(ctx, fn)` runs `fn` synchronously "in"
 * a request; `end(ctx)` cancels everything it owns. Pending fetches of an ended request are modelled by the
 * test's own never-settling fetch. Install after vi.useFakeTimers() (it wraps the faked setTimeout).
 */

/** One simulated incoming request. */
export interface RequestContext {
  readonly name: string;
  ended: boolean;
}

/** The installed simulation. */
export interface RequestContexts {
  /** A new live request context. */
  open(name: string): RequestContext;
  /** Runs `fn` synchronously as `ctx`: timers it creates belong to `ctx`. */
  within<T>(ctx: RequestContext, fn: () => T): T;
  /** Ends `ctx`: its timers never fire again (workerd cancels them with the request). */
  end(ctx: RequestContext): void;
  /** Restores the original setTimeout. */
  uninstall(): void;
}

/** Wraps globalThis.setTimeout so every timer remembers its owning request context. */
export function installRequestContexts(): RequestContexts {
  const original = globalThis.setTimeout;
  let current: RequestContext | undefined;
  const patched = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
    const owner = current;
    return original(() => {
      if (owner?.ended) return; // cancelled with its request
      const previous = current;
      current = owner;
      try {
        handler(...args);
      } finally {
        current = previous;
      }
    }, ms);
  }) as unknown as typeof setTimeout;
  globalThis.setTimeout = patched;
  return {
    open: (name) => ({ name, ended: false }),
    within(ctx, fn) {
      const previous = current;
      current = ctx;
      try {
        return fn();
      } finally {
        current = previous;
      }
    },
    end(ctx) {
      ctx.ended = true;
    },
    uninstall() {
      globalThis.setTimeout = original;
    },
  };
}

/** Test support: controllable token fetches and stores. */
import type { CachedToken, FetchedToken, FetchToken, TokenStore, TokenStoreLock } from "../types.js";

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A promise with its settle functions exposed. */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A FetchToken whose calls wait until the test settles them; tracks concurrency. */
export function manualFetch(): {
  fetchToken: FetchToken;
  pending: Deferred<FetchedToken>[];
  calls: () => number;
  maxConcurrent: () => number;
} {
  const pending: Deferred<FetchedToken>[] = [];
  let calls = 0;
  let active = 0;
  let maxActive = 0;
  const fetchToken: FetchToken = async () => {
    calls++;
    active++;
    maxActive = Math.max(maxActive, active);
    const next = deferred<FetchedToken>();
    pending.push(next);
    try {
      return await next.promise;
    } finally {
      active--;
    }
  };
  return { fetchToken, pending, calls: () => calls, maxConcurrent: () => maxActive };
}

/** A FetchToken that answers at once with numbered tokens of the given lifetime. */
export function countingFetch(lifetimeMs = 3_600_000): { fetchToken: FetchToken; calls: () => number } {
  let calls = 0;
  return {
    fetchToken: async () => {
      calls++;
      return { accessToken: `token-${calls}`, expiresInMs: lifetimeMs };
    },
    calls: () => calls,
  };
}

/** Wraps a store so each operation can be made to reject (a Redis outage) or hang. */
export class FlakyStore implements TokenStore {
  mode: "up" | "down" | "hang" = "up";
  operations: string[] = [];
  constructor(
    private readonly inner: TokenStore & { lock(key: string, leaseMs: number): Promise<TokenStoreLock | undefined> },
  ) {}

  private gate<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.operations.push(name);
    if (this.mode === "down") return Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379"));
    if (this.mode === "hang") return new Promise<T>(() => undefined);
    return run();
  }
  get(key: string): Promise<CachedToken | undefined> {
    return this.gate("get", () => this.inner.get(key));
  }
  set(key: string, token: CachedToken, ttlMs: number): Promise<void> {
    return this.gate("set", () => this.inner.set(key, token, ttlMs));
  }
  delete(key: string, expected?: string): Promise<void> {
    return this.gate("delete", () => this.inner.delete(key, expected));
  }
  lock(key: string, leaseMs: number): Promise<TokenStoreLock | undefined> {
    return this.gate("lock", () => this.inner.lock(key, leaseMs));
  }
}

/**
 * Coordination through a shared TokenStore: adopt a token another process published, or refresh under the
 * store's lease lock (renewed while the fetch runs), or wait for the holder. Every store failure is an event
 * and a fallback to fetching here, never a failed call.
 */
import { sleep, unrefTimer, withTimeout } from "../timers.js";
import type { AuthEvent, CachedToken, TokenStore, TokenStoreLock } from "../types.js";
import type { CacheClock } from "./clock.js";

/** Settings of the store coordination. */
export interface StoreCoordinationOptions {
  /** The cache key (see tokenCacheKey), used as the token's and the lock's key in the store. */
  key: string;
  /** How events name the credentials (never the key: it holds the secret's hash). */
  credential: string;
  /** The shared store; `undefined` when the cache has none (then there is nothing to coordinate). */
  store: TokenStore | undefined;
  /** Time source of the cache (fake time in tests). */
  clock: CacheClock;
  /** Lease of the store lock in ms, renewed every third of it while the holder fetches (the cache's `lockLeaseMs`, default 15,000). */
  leaseMs: number;
  /** Longest a waiter polls for another process's refresh before fetching itself, in ms (default 120,000). */
  lockWaitMs: number;
  /** Longest wait for one store operation, in ms, before the store counts as unavailable (default 2,000). */
  storeTimeoutMs: number;
  /** True when the token is fresh at wall time `now` (outside its refresh window). */
  isFresh(token: CachedToken, now: number): boolean;
}

type Emit = (event: AuthEvent) => void;

/** What the cache asks of the store. */
export interface StoreCoordinator {
  /** Gets a token through the store (adopt, refresh under the lock, or wait), or fetches directly without one. */
  obtain(fetchAndPublish: () => Promise<CachedToken>, signal: AbortSignal, emit: Emit): Promise<CachedToken>;
  /** Publishes a fresh token for the fleet (until its expiry). */
  publish(token: CachedToken, emit: Emit): Promise<void>;
  /** Compare-and-deletes `accessToken` and never adopts it again. */
  revoke(accessToken: string, emit: Emit): Promise<void>;
}

const POLL_FIRST_MS = 50;
const POLL_MAX_MS = 1_000;

/** What the lock flows need: reading the store, taking the lock and judging freshness, with the settings. */
interface StoreSession {
  readonly options: StoreCoordinationOptions;
  readStore(emit: Emit): Promise<CachedToken | undefined | StoreFailure>;
  tryLock(emit: Emit): Promise<TokenStoreLock | undefined | StoreFailure>;
  freshAt(token: CachedToken): boolean;
}

/** Builds the coordinator over `options.store` (without one, every call goes straight to the fetch). */
export function createStoreCoordinator(options: StoreCoordinationOptions): StoreCoordinator {
  const { key, credential, store, clock, leaseMs, storeTimeoutMs } = options;
  const access = createStoreAccess(credential, clock, storeTimeoutMs);
  /** The last token dropped by invalidate: never adopted again from the store. */
  let revoked: string | undefined;
  const session: StoreSession = {
    options,
    async readStore(emit) {
      if (!store) return undefined;
      const result = await access.run("get", () => store.get(key), emit);
      if (result instanceof StoreFailure) return result;
      if (!isCachedToken(result) || result.accessToken === revoked) return undefined;
      return result;
    },
    async tryLock(emit) {
      if (!store?.lock) return undefined;
      const lock = store.lock.bind(store);
      return access.run("lock", () => lock(key, leaseMs), emit);
    },
    freshAt: (token) => options.isFresh(token, clock.wall()),
  };

  return {
    async obtain(fetchAndPublish, signal, emit) {
      if (!store) return fetchAndPublish();
      const stored = await session.readStore(emit);
      if (stored instanceof StoreFailure) return fetchAndPublish();
      if (stored && session.freshAt(stored)) return stored;
      if (!store.lock) return fetchAndPublish();
      const first = await session.tryLock(emit);
      if (first instanceof StoreFailure) return fetchAndPublish();
      if (first) return fetchHoldingLock(session, first, fetchAndPublish, emit);
      return waitForHolder(session, fetchAndPublish, signal, emit);
    },

    async publish(token, emit) {
      if (!store) return;
      const ttlMs = token.expiresAt - clock.wall();
      if (ttlMs <= 0) return;
      await access.run("set", () => store.set(key, token, ttlMs), emit);
    },

    async revoke(accessToken, emit) {
      revoked = accessToken;
      if (store) await access.run("delete", () => store.delete(key, accessToken), emit);
    },
  };
}

/** Refreshes holding the fleet lock: renews the lease while fetching, releases it after. */
async function fetchHoldingLock(
  session: StoreSession,
  lock: TokenStoreLock,
  fetchAndPublish: () => Promise<CachedToken>,
  emit: Emit,
): Promise<CachedToken> {
  const { leaseMs, storeTimeoutMs } = session.options;
  const stopRenewing = renewWhileHeld(lock, leaseMs, storeTimeoutMs);
  try {
    // Double-checked locking: the previous holder may have published and released just before we locked.
    const again = await session.readStore(emit);
    if (!(again instanceof StoreFailure) && again && session.freshAt(again)) return again;
    return await fetchAndPublish();
  } finally {
    stopRenewing();
    await release(lock, storeTimeoutMs);
  }
}

/** Another process holds the lease (and renews it while it fetches): poll for the token it writes. */
async function waitForHolder(
  session: StoreSession,
  fetchAndPublish: () => Promise<CachedToken>,
  signal: AbortSignal,
  emit: Emit,
): Promise<CachedToken> {
  const { credential, leaseMs, lockWaitMs } = session.options;
  // The wait is measured in the time actually slept, so bound and sleep use one clock.
  let waited = 0;
  let delay = POLL_FIRST_MS;
  while (waited < lockWaitMs) {
    if (signal.aborted) throw signal.reason;
    const step = Math.min(delay, lockWaitMs - waited);
    await sleep(step, signal).catch(() => undefined);
    waited += step;
    delay = Math.min(delay * 2, Math.min(POLL_MAX_MS, Math.max(POLL_FIRST_MS, leaseMs / 4)));
    const polled = await session.readStore(emit);
    if (polled instanceof StoreFailure) return fetchAndPublish();
    if (polled && session.freshAt(polled)) {
      emit({ type: "store_wait", credential, waitedMs: waited, outcome: "token" });
      return polled;
    }
    const lock = await session.tryLock(emit);
    if (lock instanceof StoreFailure) return fetchAndPublish();
    if (lock) {
      // The holder's lease lapsed (it died or lost the store): we take over the refresh for the fleet.
      emit({ type: "store_wait", credential, waitedMs: waited, outcome: "lock" });
      return fetchHoldingLock(session, lock, fetchAndPublish, emit);
    }
  }
  // The holder still renews but has not delivered within the fetch's own worst case: fetch ourselves.
  emit({ type: "store_wait", credential, waitedMs: waited, outcome: "timeout" });
  return fetchAndPublish();
}

/**
 * Every store call: bounded by `storeTimeoutMs`; a failure is reported once and makes the next calls skip
 * the store for twice that long (on the monotonic clock), so a hanging store costs one timeout, not one per
 * operation.
 */
function createStoreAccess(credential: string, clock: CacheClock, storeTimeoutMs: number) {
  const skipMs = 2 * storeTimeoutMs;
  let down = false;
  let skipUntil = 0;
  return {
    async run<T>(
      operation: "get" | "set" | "delete" | "lock",
      call: () => Promise<T>,
      emit: Emit,
    ): Promise<T | StoreFailure> {
      if (down && clock.elapsed() < skipUntil) return new StoreFailure(new Error("token store unavailable"));
      try {
        // A store method that throws synchronously is contained like one that rejects.
        const result = await withTimeout(
          Promise.resolve().then(call),
          storeTimeoutMs,
          () => new Error(`token store ${operation} timed out after ${storeTimeoutMs} ms`),
        );
        if (down) {
          down = false;
          emit({ type: "store_recovered", credential });
        }
        return result;
      } catch (cause) {
        down = true;
        skipUntil = clock.elapsed() + skipMs;
        const error = cause instanceof Error ? cause : new Error(`token store ${operation} failed`);
        emit({ type: "store_unavailable", credential, operation, error: safeStoreError(error, operation) });
        return new StoreFailure(error);
      }
    },
  };
}

/** Renews the lease every third of it while the holder works; background work, so unref'd. */
function renewWhileHeld(lock: TokenStoreLock, leaseMs: number, storeTimeoutMs: number): () => void {
  if (typeof lock.extend !== "function") return () => undefined;
  const extend = lock.extend.bind(lock);
  const timer = setInterval(
    () => {
      // A store whose extend() throws synchronously must not crash the process from this timer.
      withTimeout(
        Promise.resolve().then(() => extend(leaseMs)),
        storeTimeoutMs,
        () => new Error("token store lock extend timed out"),
      ).catch(() => undefined); // A lost renewal only lets a waiter in after the lease; the fetch goes on.
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  unrefTimer(timer);
  return () => clearInterval(timer);
}

async function release(lock: TokenStoreLock, storeTimeoutMs: number): Promise<void> {
  try {
    await withTimeout(
      Promise.resolve().then(() => lock.release()),
      storeTimeoutMs,
      () => new Error("token store lock release timed out"),
    );
  } catch {
    // The lease expires on its own; a failed release only delays other processes' refreshes.
  }
}

/** A store failure, kept apart from a token so the flow can branch on it. */
class StoreFailure extends Error {
  constructor(readonly original: Error) {
    super(original.message);
  }
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

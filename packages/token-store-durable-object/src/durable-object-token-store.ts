/**
 * The TokenStore side: each operation is one request to the Durable Object of its cache key. Nothing
 * here keeps an I/O object between calls (a stub is made per call from the namespace binding), so one
 * store serves every request of an isolate, as auth-core's process-wide token cache shares it.
 */
import { type CachedToken, coordinatedTokenStore, type TokenStore, type TokenStoreLock } from "@scope/auth-core";
import type { DurableObjectNamespaceLike, DurableObjectResponseLike } from "./durable-object-types.js";
import { DurableObjectTokenStoreError, type DurableObjectTokenStoreOperation } from "./errors.js";
import {
  MAX_LEASE_MS,
  MAX_TTL_MS,
  OBJECT_ORIGIN,
  type Operation,
  PROTOCOL_VERSION,
  type RequestOf,
  type ResponseOf,
  responseSchemas,
  toCachedToken,
} from "./protocol.js";

/** Options of {@link createDurableObjectTokenStore}. */
export interface DurableObjectTokenStoreOptions {
  /** Upper bound for a lock lease in ms (longer requests are clamped); default 30 000, at most 600 000. */
  maxLeaseMs?: number;
}

/** A {@link TokenStore} with the fleet lock, served by one Durable Object per cache key. */
export interface DurableObjectTokenStore extends TokenStore {
  /** Acquires the refresh lease of `key` for `leaseMs` (clamped), or resolves undefined while another holder has it. */
  lock(key: string, leaseMs: number): Promise<TokenStoreLock | undefined>;
}

const DEFAULT_MAX_LEASE_MS = 30_000;
const MIN_LEASE_MS = 10;
const MAX_KEY_LENGTH = 1024;

function clampLease(leaseMs: number, maxLeaseMs: number): number {
  return Math.min(Math.max(Math.ceil(leaseMs), MIN_LEASE_MS), maxLeaseMs);
}

/** Stores already made, per binding and maxLeaseMs: the same binding gives the same store object. */
const storesByNamespace = new WeakMap<object, Map<number, DurableObjectTokenStore>>();

/**
 * Creates a token store on a Durable Object namespace binding (`env.TOKEN_STORE`, bound to
 * {@link TokenStoreObject}). The object of a cache key is `namespace.idFromName(key)`: the key is
 * auth-core's cache key (provider, token URL, client id and a SHA-256 of the secret), never the secret.
 *
 * Calls with the same binding and options return the same store, so clients built per request with
 * `createDurableObjectTokenStore(env.TOKEN_STORE)` share one token cache per isolate (auth-core shares a
 * cache between clients whose store is the same object).
 */
export function createDurableObjectTokenStore<Id>(
  namespace: DurableObjectNamespaceLike<Id>,
  options: DurableObjectTokenStoreOptions = {},
): DurableObjectTokenStore {
  if (typeof namespace?.idFromName !== "function" || typeof namespace.get !== "function") {
    throw new TypeError("createDurableObjectTokenStore needs a Durable Object namespace binding (idFromName and get)");
  }
  const maxLeaseMs = options.maxLeaseMs ?? DEFAULT_MAX_LEASE_MS;
  if (!Number.isFinite(maxLeaseMs) || maxLeaseMs < MIN_LEASE_MS || maxLeaseMs > MAX_LEASE_MS) {
    throw new TypeError(`maxLeaseMs must be between ${MIN_LEASE_MS} and ${MAX_LEASE_MS} milliseconds`);
  }
  let stores = storesByNamespace.get(namespace);
  if (!stores) {
    stores = new Map();
    storesByNamespace.set(namespace, stores);
  }
  let store = stores.get(maxLeaseMs);
  if (!store) {
    store = newStore(namespace, maxLeaseMs);
    stores.set(maxLeaseMs, store);
  }
  return store;
}

function newStore<Id>(namespace: DurableObjectNamespaceLike<Id>, maxLeaseMs: number): DurableObjectTokenStore {
  const call = objectCaller(namespace);

  // Carries auth-core's store coordination (lock, wait, renew, skip a failing store) to the client.
  return coordinatedTokenStore<DurableObjectTokenStore>({
    async get(key) {
      const { token } = await call("get", key, {});
      return token === null ? undefined : toCachedToken(token);
    },

    async set(key, token: CachedToken, ttlMs) {
      if (!Number.isFinite(ttlMs)) throw invalidArgument("set", "ttlMs must be a finite number");
      // An already-expired token is not worth storing.
      if (ttlMs < 1) return;
      await call("set", key, { token: toCachedToken(token), ttlMs: Math.min(Math.ceil(ttlMs), MAX_TTL_MS) });
    },

    async delete(key, expectedAccessToken) {
      await call("delete", key, expectedAccessToken === undefined ? {} : { expectedAccessToken });
    },

    async lock(key, leaseMs) {
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw invalidArgument("lock", "leaseMs must be a positive number");
      const { owner } = await call("lock", key, { leaseMs: clampLease(leaseMs, maxLeaseMs) });
      if (owner === null) return undefined;
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await call("release", key, { owner });
        },
        async extend(extendMs) {
          if (released || !Number.isFinite(extendMs) || extendMs <= 0) return false;
          const { extended } = await call("extend", key, { owner, leaseMs: clampLease(extendMs, maxLeaseMs) });
          return extended;
        },
      };
    },
  });
}

function invalidArgument(operation: DurableObjectTokenStoreOperation, detail: string): DurableObjectTokenStoreError {
  return new DurableObjectTokenStoreError(operation, "invalid_argument", detail);
}

/** Describes a failure by its name only: a foreign message could echo anything. */
function describeFailure(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** Sends one operation to the object of `key` and validates its answer. */
function objectCaller<Id>(namespace: DurableObjectNamespaceLike<Id>) {
  return async function call<O extends Operation>(
    operation: O,
    key: string,
    request: RequestOf<O>,
  ): Promise<ResponseOf<O>> {
    if (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw invalidArgument(operation, `key must be 1-${MAX_KEY_LENGTH} characters`);
    }
    let response: DurableObjectResponseLike;
    try {
      // A stub per call: stubs are I/O objects of the request that made them, never shared across requests.
      const stub = namespace.get(namespace.idFromName(key));
      response = await stub.fetch(`${OBJECT_ORIGIN}/${operation}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ v: PROTOCOL_VERSION, ...request }),
      });
    } catch (error) {
      throw new DurableObjectTokenStoreError(
        operation,
        "unavailable",
        `the Durable Object call failed (${describeFailure(error)})`,
        { cause: error },
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DurableObjectTokenStoreError(operation, "rejected", `the Durable Object answered ${response.status}`, {
        status: response.status,
      });
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      throw new DurableObjectTokenStoreError(operation, "invalid_response", "the Durable Object answered no JSON", {
        cause: error,
      });
    }
    const parsed = responseSchemas[operation].safeParse(body);
    if (!parsed.success) {
      const paths = parsed.error.issues.map((issue) => issue.path.map(String).join(".") || "(body)");
      throw new DurableObjectTokenStoreError(
        operation,
        "invalid_response",
        `the Durable Object's answer has an unexpected shape at ${[...new Set(paths)].join(", ")}`,
      );
    }
    return parsed.data as ResponseOf<O>;
  };
}

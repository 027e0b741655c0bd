import { randomUUID } from "node:crypto";
import { createClient } from "@redis/client";
import { type CachedToken, coordinatedTokenStore, type TokenStore, type TokenStoreLock } from "@scope/auth-core";
import { RedisTokenStoreError, type RedisTokenStoreOperation } from "./errors.js";
import { assertValidPrefix, storeKeys } from "./keys.js";
import { DELETE_IF_TOKEN_SCRIPT, EXTEND_LEASE_SCRIPT, RELEASE_LEASE_SCRIPT } from "./lua-scripts.js";
import { decodeToken, encodeToken } from "./token-codec.js";

/** How to reach Redis and how long to wait for it. */
export interface RedisTokenStoreOptions {
  /** `redis[s]://[[username][:password]@]host[:port][/db]`; default `redis://127.0.0.1:6379`. Never echoed in errors. */
  url?: string;
  /** ACL username, if not in the URL. */
  username?: string;
  /** ACL password, if not in the URL. */
  password?: string;
  /** Redis database number, if not in the URL. */
  database?: number;
  /** Key namespace: entries are `<prefix>:<hashed cache key>`; default `scope-token`. */
  prefix?: string;
  /** Deadline of every operation, including a first connection, in ms; default 500. */
  commandTimeoutMs?: number;
  /** Upper bound for a lock lease in ms (longer requests are clamped); default 30 000. */
  maxLeaseMs?: number;
  /** Cap of the reconnect backoff in ms after Redis went away; default 1 000. */
  reconnectMaxDelayMs?: number;
}

/** A {@link TokenStore} with the fleet lock, backed by Redis; call `close()` at shutdown. */
export interface RedisTokenStore extends TokenStore {
  /**
   * Takes the fleet lock on `key` (Redis `SET NX PX`) for `leaseMs`, clamped to 10 ms..`maxLeaseMs` (default 30,000);
   * resolves `undefined` when another holder has it.
   */
  lock(key: string, leaseMs: number): Promise<TokenStoreLock | undefined>;
  /** Sends QUIT after pending replies and closes the connection; later operations reject with reason "closed". */
  close(): Promise<void>;
  /** Alias of {@link RedisTokenStore.close}. */
  quit(): Promise<void>;
}

const DEFAULT_PREFIX = "scope-token";
const DEFAULT_COMMAND_TIMEOUT_MS = 500;
const DEFAULT_MAX_LEASE_MS = 30_000;
const DEFAULT_RECONNECT_MAX_DELAY_MS = 1_000;
const MIN_LEASE_MS = 10;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number of milliseconds`);
  return Math.ceil(value);
}

/** Describes a failure without its message, which could echo a URL with a password or a command argument. */
function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === "string" ? `${error.name} (${code})` : error.name;
  }
  return typeof error;
}

/** Creates a Redis-backed token store. Connects lazily on first use; never buffers commands while Redis is down. */
export function createRedisTokenStore(options: RedisTokenStoreOptions = {}): RedisTokenStore {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  assertValidPrefix(prefix);
  const commandTimeoutMs = positiveInteger("commandTimeoutMs", options.commandTimeoutMs, DEFAULT_COMMAND_TIMEOUT_MS);
  const maxLeaseMs = positiveInteger("maxLeaseMs", options.maxLeaseMs, DEFAULT_MAX_LEASE_MS);
  const reconnectMaxDelayMs = positiveInteger(
    "reconnectMaxDelayMs",
    options.reconnectMaxDelayMs,
    DEFAULT_RECONNECT_MAX_DELAY_MS,
  );

  const client = createClient({
    url: options.url ?? "redis://127.0.0.1:6379",
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.database === undefined ? {} : { database: options.database }),
    // A down Redis must reject at once, not queue commands until it returns.
    disableOfflineQueue: true,
    disableClientInfo: true,
    socket: {
      connectTimeout: commandTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 10), reconnectMaxDelayMs),
    },
  });

  let lastConnectionError: unknown;
  let hasBeenReady = false;
  let connectStarted = false;
  let closed = false;
  // node-redis emits connection failures as events; without a listener they would crash the process.
  client.on("error", (error: unknown) => {
    lastConnectionError = error;
  });
  client.on("ready", () => {
    hasBeenReady = true;
    lastConnectionError = undefined;
  });

  /** Waits (bounded) for the very first connection; once Redis has failed, callers get an immediate rejection. */
  async function ensureReady(operation: RedisTokenStoreOperation, deadline: number): Promise<void> {
    if (closed) throw new RedisTokenStoreError(operation, "closed", "the store was closed");
    if (client.isReady) return;
    if (!connectStarted) {
      connectStarted = true;
      client.connect().catch((error: unknown) => {
        lastConnectionError = error;
      });
    }
    if (hasBeenReady || lastConnectionError !== undefined) {
      throw new RedisTokenStoreError(
        operation,
        "unavailable",
        `not connected to Redis (${describeFailure(lastConnectionError)})`,
        { cause: lastConnectionError },
      );
    }
    await new Promise<void>((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        client.off("ready", onReady);
        client.off("error", onError);
      };
      const onReady = () => {
        cleanup();
        resolve();
      };
      const onError = (error: unknown) => {
        cleanup();
        reject(
          new RedisTokenStoreError(operation, "unavailable", `cannot connect to Redis (${describeFailure(error)})`, {
            cause: error,
          }),
        );
      };
      const onTimeout = () => {
        cleanup();
        reject(new RedisTokenStoreError(operation, "timeout", `no connection to Redis within ${commandTimeoutMs} ms`));
      };
      // As for replies: let socket events that arrived during an event-loop stall be handled first.
      const timer = setTimeout(() => setImmediate(onTimeout), Math.max(0, deadline - Date.now()));
      client.on("ready", onReady);
      client.on("error", onError);
    });
  }

  const timeoutDetail = `Redis did not answer within ${commandTimeoutMs} ms`;

  /** Runs one command under the store's deadline, mapping every failure to a RedisTokenStoreError. */
  async function run<T>(operation: RedisTokenStoreOperation, args: readonly string[]): Promise<T> {
    const deadline = Date.now() + commandTimeoutMs;
    await ensureReady(operation, deadline);
    const remaining = Math.max(1, deadline - Date.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    // node-redis' own timeout covers only the time before the command is written, so the reply gets a deadline too.
    // The rejection waits one more turn (setImmediate): after an event-loop stall, timers run before
    // pending socket reads, and a reply that already arrived must win over the late timer.
    const replyDeadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => setImmediate(() => reject(new RedisTokenStoreError(operation, "timeout", timeoutDetail))),
        remaining,
      );
    });
    try {
      return await Promise.race([client.sendCommand<T>(args, { timeout: remaining }), replyDeadline]);
    } catch (error) {
      if (error instanceof RedisTokenStoreError) throw error;
      if (error instanceof Error && error.name === "TimeoutError") {
        throw new RedisTokenStoreError(operation, "timeout", timeoutDetail, { cause: error });
      }
      const reason = client.isReady ? "command_failed" : "unavailable";
      throw new RedisTokenStoreError(operation, reason, describeFailure(error), { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  function keysFor(operation: RedisTokenStoreOperation, key: string) {
    try {
      return storeKeys(prefix, key);
    } catch (error) {
      throw new RedisTokenStoreError(operation, "invalid_argument", (error as Error).message);
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (!connectStarted) return;
    if (client.isReady) {
      try {
        await client.close();
        return;
      } catch {
        // fall through: a connection that cannot say goodbye is torn down
      }
    }
    if (client.isOpen) client.destroy();
  }

  // Carries auth-core's store coordination (lock, wait, renew, skip a failing store) to the client.
  return coordinatedTokenStore<RedisTokenStore>({
    async get(key) {
      const keys = keysFor("get", key);
      const raw = await run<string | null>("get", ["GET", keys.token]);
      return decodeToken(raw);
    },

    async set(key, token: CachedToken, ttlMs) {
      const keys = keysFor("set", key);
      if (!Number.isFinite(ttlMs)) throw new RedisTokenStoreError("set", "invalid_argument", "ttlMs must be finite");
      // An already-expired token is not worth storing; PX needs a positive integer.
      if (ttlMs < 1) return;
      await run<string>("set", ["SET", keys.token, encodeToken(token), "PX", String(Math.ceil(ttlMs))]);
    },

    async delete(key, expectedAccessToken) {
      const keys = keysFor("delete", key);
      if (expectedAccessToken === undefined) {
        await run<number>("delete", ["DEL", keys.token]);
        return;
      }
      await run<number>("delete", ["EVAL", DELETE_IF_TOKEN_SCRIPT, "1", keys.token, expectedAccessToken]);
    },

    async lock(key, leaseMs) {
      const keys = keysFor("lock", key);
      if (!Number.isFinite(leaseMs) || leaseMs <= 0) {
        throw new RedisTokenStoreError("lock", "invalid_argument", "leaseMs must be a positive number");
      }
      const lease = Math.min(Math.max(Math.ceil(leaseMs), MIN_LEASE_MS), maxLeaseMs);
      const owner = randomUUID();
      const reply = await run<string | null>("lock", ["SET", keys.lock, owner, "NX", "PX", String(lease)]);
      if (reply !== "OK") return undefined;
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await run<number>("release", ["EVAL", RELEASE_LEASE_SCRIPT, "1", keys.lock, owner]);
        },
        async extend(extendMs) {
          if (released || !Number.isFinite(extendMs) || extendMs <= 0) return false;
          const next = Math.min(Math.max(Math.ceil(extendMs), MIN_LEASE_MS), maxLeaseMs);
          const reply = await run<number>("extend", ["EVAL", EXTEND_LEASE_SCRIPT, "1", keys.lock, owner, String(next)]);
          return reply === 1;
        },
      };
    },

    close,
    quit: close,
  });
}

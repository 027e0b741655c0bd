/**
 * The Durable Object behind the store: one instance per cache key (the store addresses it with
 * `idFromName(key)`), so every isolate of a Worker fleet talks to the same single-threaded object.
 */
import type { DurableObjectStateLike, DurableObjectStorageLike } from "./durable-object-types.js";
import {
  type Operation,
  operationOfPath,
  type ProtocolErrorCode,
  type RequestOf,
  type ResponseOf,
  requestSchemas,
  versionSchema,
} from "./protocol.js";
import { type Changes, readEntry, readLease, TokenSlot } from "./token-slot.js";

const ENTRY_KEY = "token";
const LEASE_KEY = "lease";

function refuse(status: number, error: ProtocolErrorCode): Response {
  return Response.json({ error }, { status });
}

/**
 * The Durable Object class: re-export it from your Worker's entry module under the `class_name` your
 * wrangler configuration binds (see the README), e.g. `export { TokenStoreObject } from
 * "@scope/token-store-durable-object";`.
 *
 * State lives in the object's transactional storage, mirrored in memory: an object evicted when idle
 * (or moved, or restarted) loads the token and the lease again on its next request, so eviction costs
 * no token request and never frees a held lease early. An alarm deletes the token and the lease from
 * storage when they expire.
 */
export class TokenStoreObject {
  readonly #storage: DurableObjectStorageLike;
  readonly #ready: Promise<void>;
  #slot: TokenSlot = new TokenSlot(undefined, undefined, () => crypto.randomUUID());

  /** Called by the runtime with the object's state; the environment is not used. */
  constructor(state: DurableObjectStateLike, _env?: unknown) {
    this.#storage = state.storage;
    // No request is delivered before the stored state is loaded.
    this.#ready = state.blockConcurrencyWhile(() => this.#load());
  }

  /** Serves one store operation (the store's `fetch` through the namespace binding). */
  async fetch(request: Request): Promise<Response> {
    await this.#ready;
    const operation = operationOfPath(new URL(request.url).pathname);
    if (operation === undefined) return refuse(404, "unknown_operation");
    if (request.method !== "POST") return refuse(405, "method_not_allowed");
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return refuse(400, "invalid_json");
    }
    if (!versionSchema.safeParse(body).success) return refuse(400, "unsupported_version");
    const parsed = requestSchemas[operation].safeParse(body);
    if (!parsed.success) return refuse(400, "invalid_request");
    const now = Date.now();
    const expired = this.#slot.expire(now);
    const { response, changes } = this.#apply(operation, parsed.data as RequestOf<typeof operation>, now);
    await this.#persist({ entry: expired.entry || changes.entry, lease: expired.lease || changes.lease });
    return Response.json(response);
  }

  /** Runs when the earliest expiry is due: drops what expired and deletes an empty object's storage. */
  async alarm(): Promise<void> {
    await this.#ready;
    const changes = this.#slot.expire(Date.now());
    const next = this.#slot.nextExpiry();
    // Nothing due yet (an early or stale alarm): arm it again for what is left.
    if (!changes.entry && !changes.lease && next !== undefined) await this.#storage.setAlarm(next);
    else await this.#persist(changes);
  }

  async #load(): Promise<void> {
    const [entry, lease] = await Promise.all([this.#storage.get(ENTRY_KEY), this.#storage.get(LEASE_KEY)]);
    // A value of an unexpected shape (written by another version, or damaged) is dropped: a miss, never a crash.
    this.#slot = new TokenSlot(readEntry(entry), readLease(lease), () => crypto.randomUUID());
    const dropped = {
      entry: entry !== undefined && !this.#slot.entry,
      lease: lease !== undefined && !this.#slot.lease,
    };
    await this.#persist(dropped);
  }

  #apply<O extends Operation>(
    operation: O,
    request: RequestOf<O>,
    now: number,
  ): { response: ResponseOf<O>; changes: Changes } {
    const slot = this.#slot;
    const before = { entry: slot.entry, lease: slot.lease };
    const response = this.#dispatch(operation, request, now);
    return { response, changes: { entry: slot.entry !== before.entry, lease: slot.lease !== before.lease } };
  }

  #dispatch<O extends Operation>(operation: O, request: RequestOf<O>, now: number): ResponseOf<O> {
    const slot = this.#slot;
    const handlers: { [K in Operation]: (request: RequestOf<K>) => ResponseOf<K> } = {
      get: () => slot.get(),
      set: (r) => slot.set(r, now),
      delete: (r) => slot.delete(r),
      lock: (r) => slot.lock(r, now),
      extend: (r) => slot.extend(r, now),
      release: (r) => slot.release(r),
    };
    return (handlers[operation] as (request: RequestOf<O>) => ResponseOf<O>)(request);
  }

  /**
   * Writes the changed parts and points the alarm at the next expiry; an empty slot deletes all storage.
   * Every storage call is issued synchronously, before any other request can run, so storage applies
   * them in the order the slot changed.
   */
  async #persist(changes: Changes): Promise<void> {
    if (!changes.entry && !changes.lease) return;
    const slot = this.#slot;
    const next = slot.nextExpiry();
    if (next === undefined) {
      await Promise.all([this.#storage.deleteAlarm(), this.#storage.deleteAll()]);
      return;
    }
    const writes: Promise<unknown>[] = [];
    if (changes.entry) {
      writes.push(slot.entry ? this.#storage.put(ENTRY_KEY, slot.entry) : this.#storage.delete(ENTRY_KEY));
    }
    if (changes.lease) {
      writes.push(slot.lease ? this.#storage.put(LEASE_KEY, slot.lease) : this.#storage.delete(LEASE_KEY));
    }
    writes.push(this.#storage.setAlarm(next));
    await Promise.all(writes);
  }
}

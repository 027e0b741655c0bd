/**
 * The few members of the Workers runtime's Durable Object types this package uses, written out so the
 * package needs no `@cloudflare/workers-types` (or wrangler-generated types): the runtime's
 * `DurableObjectNamespace`, `DurableObjectState` and `DurableObjectStorage` are assignable to them.
 */

/** A stub of one Durable Object: the `fetch` of `DurableObjectStub`. */
export interface DurableObjectStubLike {
  fetch(input: string, init: RequestInit): Promise<Response>;
}

/** The Durable Object namespace binding (`env.TOKEN_STORE`): `idFromName` and `get` of `DurableObjectNamespace`. */
export interface DurableObjectNamespaceLike<Id = unknown> {
  idFromName(name: string): Id;
  get(id: Id): DurableObjectStubLike;
}

/** The members of `DurableObjectStorage` the object uses (its transactional key-value API and alarms). */
export interface DurableObjectStorageLike {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  deleteAll(): Promise<void>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** The members of `DurableObjectState` (the object's `ctx`) the object uses. */
export interface DurableObjectStateLike {
  readonly storage: DurableObjectStorageLike;
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

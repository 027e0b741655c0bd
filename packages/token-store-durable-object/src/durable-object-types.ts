/**
 * The few members of the Workers runtime's Durable Object types this package uses, written out so the
 * package needs no `@cloudflare/workers-types` (or wrangler-generated types): the runtime's
 * `DurableObjectNamespace`, `DurableObjectState` and `DurableObjectStorage` are assignable to them.
 */

/** What the store sends to its object: a POST with a JSON body (a subset of `RequestInit`). */
export interface DurableObjectRequestInit {
  /** Always `"POST"`. */
  method: "POST";
  /** The request headers (a content type). */
  headers: Record<string, string>;
  /** The JSON body. */
  body: string;
}

/** What the store reads of the object's answer (a subset of `Response`, so any runtime's Response fits). */
export interface DurableObjectResponseLike {
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The HTTP status. */
  readonly status: number;
  /** The body, for cancelling an unread one. */
  readonly body: { cancel(): Promise<void> } | null;
  /** Reads the body as JSON. */
  json(): Promise<unknown>;
}

/** A stub of one Durable Object: the `fetch` of `DurableObjectStub`. */
export interface DurableObjectStubLike {
  /** Sends a request to the object (delivered to its `fetch` handler). */
  fetch(input: string, init: DurableObjectRequestInit): Promise<DurableObjectResponseLike>;
}

/** The Durable Object namespace binding (`env.TOKEN_STORE`): `idFromName` and `get` of `DurableObjectNamespace`. */
export interface DurableObjectNamespaceLike<Id = unknown> {
  /** The id of the object with this name (the same name always gives the same object). */
  idFromName(name: string): Id;
  /** A stub to send requests to the object with this id. */
  get(id: Id): DurableObjectStubLike;
}

/** The members of `DurableObjectStorage` the object uses (its transactional key-value API and alarms). */
export interface DurableObjectStorageLike {
  /** Reads one value (structured-cloned), or undefined. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Writes one value (structured-cloned). */
  put<T>(key: string, value: T): Promise<void>;
  /** Deletes one value; true if it existed. */
  delete(key: string): Promise<boolean>;
  /** Deletes every stored value of the object. */
  deleteAll(): Promise<void>;
  /** Schedules the object's `alarm()` at this epoch-ms time (replacing a scheduled one). */
  setAlarm(scheduledTime: number): Promise<void>;
  /** Cancels the scheduled alarm. */
  deleteAlarm(): Promise<void>;
}

/** The members of `DurableObjectState` (the object's `ctx`) the object uses. */
export interface DurableObjectStateLike {
  /** The object's durable storage. */
  readonly storage: DurableObjectStorageLike;
  /** Runs `callback` with no other event delivered to the object until it settles. */
  blockConcurrencyWhile<T>(callback: () => Promise<T>): Promise<T>;
}

/**
 * The wire protocol between the store (in any isolate) and its Durable Object: one POST per operation
 * to `<origin>/<operation>` with a JSON body, answered with JSON. Both sides validate what they
 * receive with auth-core's small validator: the body is I/O, and the object and its callers may run
 * different versions of this package during a deployment.
 */
import { type CachedToken, type Infer, schema as s } from "@scope/auth-core";
import type { DurableObjectTokenStoreOperation } from "./errors.js";

/** Sent in every request; an object of another protocol version answers 400 `unsupported_version`. */
export const PROTOCOL_VERSION = 1;

/** The origin of the object's URLs: it never leaves the Durable Object binding. */
export const OBJECT_ORIGIN = "https://token-store.invalid";

/** The longest lease the object grants, whatever a caller asks: 10 minutes. */
export const MAX_LEASE_MS = 10 * 60_000;

/** The longest TTL the object accepts: one year plus a day (auth-core refuses longer token lifetimes). */
export const MAX_TTL_MS = 366 * 24 * 60 * 60_000;

/** Every operation, in the order of the TokenStore interface. */
export const OPERATIONS = [
  "get",
  "set",
  "delete",
  "lock",
  "extend",
  "release",
] as const satisfies readonly DurableObjectTokenStoreOperation[];

const tokenShape = s.object({
  accessToken: s.string({ minLength: 1 }),
  receivedAt: s.number({ min: 0 }),
  expiresAt: s.number({ min: 0 }),
  tokenType: s.optional(s.string()),
});

/** A token as it travels and as the object stores it: value and timing only, expiry not before receipt. */
export const tokenSchema = s.refine(tokenShape, (token) => token.expiresAt >= token.receivedAt, {
  error: "expiresAt must not be before receivedAt",
});

/** The token's value and timing only; unknown properties were dropped by the schema, undefined ones are too. */
export function toCachedToken(token: Infer<typeof tokenSchema>): CachedToken {
  const { accessToken, receivedAt, expiresAt, tokenType } = token;
  return tokenType === undefined
    ? { accessToken, receivedAt, expiresAt }
    : { accessToken, receivedAt, expiresAt, tokenType };
}

const version = s.custom<typeof PROTOCOL_VERSION>((value) => value === PROTOCOL_VERSION, {
  error: `must be ${PROTOCOL_VERSION}`,
});
const owner = s.string({ minLength: 1 });
const leaseMs = s.number({ positive: true, max: MAX_LEASE_MS });
const isNull = s.custom<null>((value) => value === null, { error: "expected null" });

/** What each operation's request body must look like (besides `v`, the protocol version). */
export const requestSchemas = {
  get: s.object({}),
  set: s.object({ token: tokenSchema, ttlMs: s.number({ positive: true, max: MAX_TTL_MS }) }),
  delete: s.object({ expectedAccessToken: s.optional(s.string()) }),
  lock: s.object({ leaseMs }),
  extend: s.object({ owner, leaseMs }),
  release: s.object({ owner }),
};

/** What each operation answers with status 200. */
export const responseSchemas = {
  get: s.object({ token: s.union([tokenSchema, isNull]) }),
  set: s.object({ stored: s.boolean() }),
  delete: s.object({ deleted: s.boolean() }),
  lock: s.object({ owner: s.union([owner, isNull]) }),
  extend: s.object({ extended: s.boolean() }),
  release: s.object({ released: s.boolean() }),
};

/** One operation of the protocol. */
export type Operation = (typeof OPERATIONS)[number];
/** The request body of `O` (without `v`). */
export type RequestOf<O extends Operation> = Infer<(typeof requestSchemas)[O]>;
/** The response body of `O`. */
export type ResponseOf<O extends Operation> = Infer<(typeof responseSchemas)[O]>;

/** Checks the protocol version field of a request body. */
export const versionSchema = s.object({ v: version });

/** Why the object refused a request; the body of every non-200 answer is `{ error: <one of these> }`. */
export type ProtocolErrorCode =
  | "unknown_operation"
  | "method_not_allowed"
  | "invalid_json"
  | "unsupported_version"
  | "invalid_request";

/** The operation a request path names, or undefined. */
export function operationOfPath(pathname: string): Operation | undefined {
  const name = pathname.replace(/^\/+/, "");
  return (OPERATIONS as readonly string[]).includes(name) ? (name as Operation) : undefined;
}

/**
 * Idempotency keys that travel in a JSON body field instead of a header (Dollr's `reference_id`).
 * For an operation the generated table marks with `bodyField`, the layer's middleware calls this once
 * per logical call, before anything is sent: a field the caller filled is kept (it is the call's key),
 * a missing one gets the caller's `idempotencyKey` or a fresh `crypto.randomUUID()`, and the rewritten
 * body becomes the call's one reusable copy, so every retry and the 401 replay carry the same value.
 * Other operations never reach this module (the layer skips it when no operation has a body field).
 */
import type { ReusableBody } from "./call-state.js";
import { newIdempotencyKey, operationTable } from "./idempotency.js";
import type { IdempotentOperation } from "./types.js";

/** A call's request and body after the key was put in its body. */
export interface BodyKeyed {
  /** The request to send: the caller's own, or one rebuilt with the key added to its body. */
  readonly request: Request;
  /** The request's body as the layer keeps it for later attempts. */
  readonly body: ReusableBody | undefined;
  /** The call's key; undefined when the body is not a JSON object the layer could read (no retries then). */
  readonly key: string | undefined;
}

/**
 * Puts the key in the body of a body-field operation's request; `undefined` for other operations.
 * `serialized` is the body as the layer's serializer produced it (undefined when it did not see it).
 */
export type BodyKeyer = (
  request: Request,
  schemaPath: string,
  serialized: ReusableBody | undefined,
  callerKey: string | undefined,
) => BodyKeyed | undefined;

/** Builds the keyer from the generated operations; `undefined` when none takes its key in the body. */
export function bodyKeyer(operations: readonly IdempotentOperation[] = []): BodyKeyer | undefined {
  const byMethod = operationTable(operations, (op) => op.bodyField);
  if (byMethod.size === 0) return undefined;
  return (request, schemaPath, serialized, callerKey) => {
    const field = byMethod.get(request.method)?.get(schemaPath);
    return field === undefined ? undefined : keyInBody(request, field, serialized, callerKey);
  };
}

function keyInBody(
  request: Request,
  field: string,
  serialized: ReusableBody | undefined,
  callerKey: string | undefined,
): BodyKeyed {
  const object = typeof serialized === "string" && isJson(request.headers) ? jsonObject(serialized) : undefined;
  if (object === undefined) return { request, body: serialized, key: undefined };
  if (Object.hasOwn(object, field)) {
    // The caller's own value: sent as it is; only a non-empty string can serve as the call's key.
    const own = object[field];
    return { request, body: serialized, key: typeof own === "string" && own !== "" ? own : undefined };
  }
  const key = callerKey ?? newIdempotencyKey();
  // A computed key defines an own property whatever its name, so the field cannot reach the prototype.
  const body = JSON.stringify({ ...object, [field]: key });
  return { request: new Request(request, { body }), body, key };
}

function isJson(headers: Headers): boolean {
  const type = headers.get("content-type");
  return type !== null && /^application\/([\w.+-]+\+)?json\b/i.test(type);
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Idempotency keys: which header an operation takes, one key per logical call (Web Crypto
 * `randomUUID`), and the hash that events report instead of the key.
 */
import type { IdempotentOperation } from "./types.js";

/** Header used for a caller's `idempotencyKey` on an operation that declares none. */
export const FALLBACK_IDEMPOTENCY_HEADER = "Idempotency-Key";

/** Looks up an operation's idempotency header by upper-case method and path template. */
export type IdempotencyTable = (method: string, schemaPath: string) => string | undefined;

/** Builds the lookup from the generated list of operations. */
export function idempotencyTable(operations: readonly IdempotentOperation[] = []): IdempotencyTable {
  // A body-field operation (Dollr's reference_id) takes no header: see body-idempotency.ts.
  const byMethod = operationTable(operations, (op) => op.header);
  return (method, schemaPath) => byMethod.get(method)?.get(schemaPath);
}

/**
 * The operations that have `pick(op)`, by upper-case method then path template, with that value
 * (two Map lookups per request, no strings built).
 */
export function operationTable(
  operations: readonly IdempotentOperation[],
  pick: (op: IdempotentOperation) => string | undefined,
): Map<string, Map<string, string>> {
  const byMethod = new Map<string, Map<string, string>>();
  for (const op of operations) {
    const value = pick(op);
    if (value === undefined) continue;
    const method = op.method.toUpperCase();
    const paths = byMethod.get(method) ?? new Map<string, string>();
    paths.set(op.path, value);
    byMethod.set(method, paths);
  }
  return byMethod;
}

/** A fresh idempotency key (a random UUID from the Web Crypto global). */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/** First 16 hex digits of the key's SHA-256: lets logs correlate attempts without revealing the key. */
export async function hashIdempotencyKey(key: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  let hex = "";
  for (const byte of new Uint8Array(digest).subarray(0, 8)) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Which store operation failed; used in error messages and by callers that branch on it. */
export type DurableObjectTokenStoreOperation = "get" | "set" | "delete" | "lock" | "extend" | "release";

/**
 * Why a store operation failed:
 * - `invalid_argument`: the caller passed a bad key, TTL or lease (nothing was sent);
 * - `unavailable`: the call to the Durable Object threw (object overloaded or reset, storage failure);
 * - `rejected`: the object answered with an error status (e.g. an object of an incompatible version);
 * - `invalid_response`: the object's answer is not what this version of the store expects.
 */
export type DurableObjectTokenStoreErrorReason = "invalid_argument" | "unavailable" | "rejected" | "invalid_response";

/**
 * A Durable Object token store operation failed. The message names the operation and the reason (and
 * an HTTP status) only: never a token, a key, or the object's answer.
 */
export class DurableObjectTokenStoreError extends Error {
  /** Always `"DurableObjectTokenStoreError"`. */
  override readonly name = "DurableObjectTokenStoreError";
  /** The operation that failed. */
  readonly operation: DurableObjectTokenStoreOperation;
  /** Why it failed. */
  readonly reason: DurableObjectTokenStoreErrorReason;
  /** The object's HTTP status, for reason `rejected`. */
  readonly status?: number;

  constructor(
    operation: DurableObjectTokenStoreOperation,
    reason: DurableObjectTokenStoreErrorReason,
    detail: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(
      `Durable Object token store ${operation} failed (${reason}): ${detail}`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.operation = operation;
    this.reason = reason;
    if (options?.status !== undefined) this.status = options.status;
  }
}

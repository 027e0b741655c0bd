/** Which store operation failed; used in error messages and by callers that branch on it. */
export type RedisTokenStoreOperation = "get" | "set" | "delete" | "lock" | "extend" | "release" | "close";

/** Why a store operation failed. */
export type RedisTokenStoreErrorReason = "timeout" | "unavailable" | "closed" | "invalid_argument" | "command_failed";

/**
 * A Redis token store operation failed. The message names the operation and the reason only: never a
 * token, a secret, a key's value or the connection URL (which may carry a password).
 */
export class RedisTokenStoreError extends Error {
  /** Always "RedisTokenStoreError". */
  override readonly name = "RedisTokenStoreError";
  /** The store operation that failed, e.g. "get" or "lock". */
  readonly operation: RedisTokenStoreOperation;
  /** Why: no reply within the command timeout, no connection, store closed, bad argument, or Redis refused the command. */
  readonly reason: RedisTokenStoreErrorReason;

  constructor(
    operation: RedisTokenStoreOperation,
    reason: RedisTokenStoreErrorReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Redis token store ${operation} failed (${reason}): ${detail}`, options);
    this.operation = operation;
    this.reason = reason;
  }
}

/**
 * Typed errors of the resilience layer. They name the call by method and path template only: never
 * a header, a token, an idempotency key, a query string or a body.
 */

/** What the three errors share. */
interface CallErrorOptions {
  method: string;
  path: string;
  attempts: number;
  cause?: unknown;
}

abstract class ResilienceCallError extends Error {
  /** Upper-case HTTP method of the call. */
  readonly method: string;
  /** The OpenAPI path template (or the URL's path). */
  readonly path: string;
  /** Attempts made, including the one that ended this way. */
  readonly attempts: number;

  constructor(message: string, options: CallErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.method = options.method;
    this.path = options.path;
    this.attempts = options.attempts;
    if ("cause" in this) Object.defineProperty(this, "cause", { enumerable: false });
  }
}

/** One attempt took longer than `timeoutMs`, and no retry was allowed or left. */
export class RequestTimeoutError extends ResilienceCallError {
  /** Always "RequestTimeoutError". */
  override readonly name = "RequestTimeoutError";
  /** The per-attempt timeout that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: CallErrorOptions & { timeoutMs: number }) {
    super(
      `${options.method} ${options.path}: attempt ${options.attempts} timed out after ${options.timeoutMs} ms`,
      options,
    );
    this.timeoutMs = options.timeoutMs;
  }
}

/** The call's overall deadline (`deadlineMs`, retries and waits included) passed. */
export class DeadlineExceededError extends ResilienceCallError {
  /** Always "DeadlineExceededError". */
  override readonly name = "DeadlineExceededError";
  /** The call's deadline that passed, in milliseconds from the start of the call. */
  readonly deadlineMs: number;

  constructor(options: CallErrorOptions & { deadlineMs: number }) {
    super(
      `${options.method} ${options.path}: deadline of ${options.deadlineMs} ms exceeded after ${options.attempts} attempt(s)`,
      options,
    );
    this.deadlineMs = options.deadlineMs;
  }
}

/** The caller aborted the call through its `signal`; the signal's reason is the `cause`. Never retried. */
export class RequestAbortedError extends ResilienceCallError {
  /** Always "RequestAbortedError". */
  override readonly name = "RequestAbortedError";

  constructor(options: CallErrorOptions) {
    super(`${options.method} ${options.path}: aborted by the caller`, options);
  }
}

import type { ListenerResult } from "../telemetry/listeners.js";

/**
 * The public contract of the resilience layer: options on a client factory, per-request overrides,
 * the operations that declare an idempotency header, and the events.
 */

/** Resilience options of a client: retries, timeouts, deadlines and the retry budget (events go to the client's `onEvent`). */
export interface ResilienceOptions {
  /** Retries after the first attempt. Default 2 (so 3 attempts at most). */
  maxRetries?: number;
  /** HTTP statuses that are retried. Default 408, 425, 429, 500, 502, 503, 504. */
  retryStatuses?: readonly number[];
  /**
   * Backoff base: retry n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))]. After a
   * `Retry-After` (or `retry-after-ms`) the server's wait is a floor: retry n waits that long plus a
   * random time in [c/2, c] for that same c, so callers told the same wait spread out, and
   * `Retry-After: 0` still backs off. Default 500 ms.
   */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 8,000 ms. */
  maxDelayMs?: number;
  /** A `Retry-After` / `retry-after-ms` longer than this ends the retries and returns the response. Default 60,000 ms. */
  maxRetryAfterMs?: number;
  /**
   * Timeout of one attempt, reading the response body included: an attempt whose headers are late is
   * retried; a body that stalls past it ends the call with `RequestTimeoutError`. Default: none.
   */
  timeoutMs?: number;
  /**
   * Overall deadline of a call: token fetches, retries, waits, the 401 replay and reading the response
   * body included. Default: none.
   */
  deadlineMs?: number;
  /**
   * The client's retry budget per origin (a token bucket as in the AWS SDKs' standard retry mode), or
   * `false` to retry without one. Default: `{ capacity: 500, retryCost: 5, timeoutRetryCost: 10 }`.
   */
  retryBudget?: RetryBudgetOptions | false;
}

/**
 * The retry budget: each origin's bucket starts with `capacity` tokens; a retry takes `retryCost`
 * (`timeoutRetryCost` after a timed-out attempt); a call that succeeds (its final status is not retried)
 * puts back what its last retry took, or 1 when it did not retry. A retry the bucket cannot pay for is
 * not made: the call ends at once with the last response (or error).
 */
export interface RetryBudgetOptions {
  /** Tokens a full bucket holds. Default 500. */
  capacity?: number;
  /** Tokens a retry takes. Default 5. */
  retryCost?: number;
  /** Tokens a retry after a timed-out attempt takes. Default 10. */
  timeoutRetryCost?: number;
}

/** Per-request overrides; pass them with `withResilience({...})` in the request's init. */
export interface RequestResilienceOptions {
  /** Retries after the first attempt for this call, 0-10 (0 turns retries off). Default: the client's `maxRetries`. */
  maxRetries?: number;
  /** HTTP statuses retried for this call. Default: the client's `retryStatuses`. */
  retryStatuses?: readonly number[];
  /** Timeout of one attempt of this call, in milliseconds, body included. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Overall deadline of this call, in milliseconds, retries and waits included. Default: the client's `deadlineMs`. */
  deadlineMs?: number;
  /**
   * Your own idempotency key for this call; it is sent on every attempt instead of a generated one (in
   * the body field of an operation that takes its key in the body, unless the body already has one).
   */
  idempotencyKey?: string;
}

/**
 * An operation that takes an idempotency key: in a header its document (or provider) declares, or in
 * a JSON body field (Dollr's `reference_id`). An entry names one of the two.
 */
export interface IdempotentOperation {
  /** Upper-case HTTP method, e.g. "POST". */
  readonly method: string;
  /** OpenAPI path template, e.g. "/v1/charges". */
  readonly path: string;
  /** Header name, e.g. "Idempotency-Key", when the key travels in a header. */
  readonly header?: string;
  /** Top-level field of the JSON request body, e.g. "reference_id", when the key travels in the body. */
  readonly bodyField?: string;
}

/** What every resilience event says about the call; never a token, a key's value or a body. */
export interface ResilienceEventBase {
  /** Upper-case HTTP method. */
  method: string;
  /** The OpenAPI path template when known, else the URL's path (never its query). */
  path: string;
  /** SHA-256 (first 16 hex digits) of the idempotency key, when the call has one. */
  idempotencyKeyHash?: string;
}

/** Events of the resilience layer. */
export type ResilienceEvent =
  | (ResilienceEventBase & {
      type: "retry";
      /** The attempt that failed (1 = the first). */
      attempt: number;
      status?: number;
      /** Name of the network or timeout error, when there was no response. */
      error?: string;
      /** Milliseconds waited before the next attempt. */
      waitMs: number;
    })
  | (ResilienceEventBase & {
      type: "retry_exhausted";
      attempts: number;
      status?: number;
      error?: string;
      /** `retry_budget`: the origin's retry budget could not pay for another retry. */
      reason: "max_retries" | "retry_after_too_long" | "deadline" | "retry_budget";
    })
  | (ResilienceEventBase & {
      type: "retry_skipped";
      attempt: number;
      status?: number;
      error?: string;
      reason: "no_idempotency_key";
    })
  | (ResilienceEventBase & {
      /** The origin's retry budget refused a retry: once per dry spell (until the bucket pays for a retry again). */
      type: "retry_budget_empty";
      /** The origin (scheme, host, port) whose bucket is empty. */
      origin: string;
      /** Tokens a full bucket holds. */
      capacity: number;
    })
  | (ResilienceEventBase & { type: "deadline"; attempts: number; deadlineMs: number; elapsedMs: number });

/**
 * Receives resilience events; it may be async. A listener that throws, or returns a promise that
 * rejects, is ignored: it never breaks the call nor causes an unhandled rejection.
 */
export type ResilienceEventListener = (event: ResilienceEvent) => ListenerResult;

/** The resilience layer: retries, idempotency keys and deadlines for API calls (see README "Resilience"). */
export { replayOf, sharesBody } from "./call-state.js";
export { DeadlineExceededError, RequestAbortedError, RequestTimeoutError } from "./errors.js";
export { hashIdempotencyKey } from "./idempotency.js";
export { createResilience, type ResilienceLayer, type ResilienceLayerOptions } from "./layer.js";
export { DEFAULT_RETRY_STATUSES } from "./policy.js";
export { withResilience } from "./request-options.js";
export type { AttemptFetch } from "./resilient-fetch.js";
export type * from "./types.js";

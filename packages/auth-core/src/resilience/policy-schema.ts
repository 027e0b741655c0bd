/** Schemas of the retry knobs, shared by the factory options (token and API calls) and the per-request overrides. */
import * as s from "../schema.js";

const statusList = s.array(s.number({ int: true, min: 100, max: 599 }));
const positive = s.number({ positive: true });

const budgetError = "must be false or an object with capacity, retryCost and timeoutRetryCost";
const tokens = s.optional(s.number({ min: 0 }));

/** The `retryBudget` option: the bucket's sizes, or `false`. */
export const retryBudgetOption = s.union([
  s.strictObject({ capacity: tokens, retryCost: tokens, timeoutRetryCost: tokens }, { error: budgetError }),
  s.custom<false>((value) => value === false, { error: budgetError }),
]);

const maxRetries = s.optional(s.number({ int: true, min: 0, max: 10 }));
const milliseconds = s.optional(s.number({ min: 0 }));

/** maxRetries (0-10), retryStatuses, timeoutMs and deadlineMs: what one request may override. */
export const policyShape = {
  maxRetries,
  retryStatuses: s.optional(statusList),
  timeoutMs: s.optional(positive),
  deadlineMs: s.optional(positive),
};

/**
 * The knobs the token request (`token`) and the API calls (`resilience`) share, with one meaning each:
 * retries after the first attempt, backoff base and cap, the longest server-asked wait, one attempt's timeout.
 */
export const retryKnobsShape = {
  maxRetries,
  baseDelayMs: milliseconds,
  maxDelayMs: milliseconds,
  maxRetryAfterMs: milliseconds,
  timeoutMs: s.optional(positive),
};

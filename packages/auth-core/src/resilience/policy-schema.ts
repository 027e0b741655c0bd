/** Schemas of the retry knobs, shared by the factory option and the per-request overrides. */
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

/** maxRetries (0-10), retryStatuses, timeoutMs and deadlineMs. */
export const policyShape = {
  maxRetries: s.optional(s.number({ int: true, min: 0, max: 10 })),
  retryStatuses: s.optional(statusList),
  timeoutMs: s.optional(positive),
  deadlineMs: s.optional(positive),
};

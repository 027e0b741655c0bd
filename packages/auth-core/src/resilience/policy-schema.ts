/** zod shapes of the retry knobs, shared by the factory option and the per-request overrides. */
import * as z from "zod/mini";

const statusList = z.array(z.int().check(z.minimum(100), z.maximum(599)));
const positive = z.number().check(z.positive());

/** maxRetries (0-10), retryStatuses, timeoutMs and deadlineMs. */
export const policyShape = {
  maxRetries: z.optional(z.int().check(z.minimum(0), z.maximum(10))),
  retryStatuses: z.optional(statusList),
  timeoutMs: z.optional(positive),
  deadlineMs: z.optional(positive),
};

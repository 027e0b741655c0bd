/**
 * The client-side retry budget, as the AWS SDKs' standard retry mode keeps it: a token bucket per
 * origin. A retry spends tokens (more after a timeout), a call that succeeds puts some back (the cost
 * of its last retry, else one), and a retry the bucket cannot pay for is not made: the call ends at
 * once with what the last attempt got. When an API is down, retries stop multiplying the load on it.
 */
import type { RetryBudgetOptions } from "./types.js";

/** Defaults of the AWS SDKs' standard retry mode. */
export const DEFAULT_RETRY_BUDGET: Required<RetryBudgetOptions> = { capacity: 500, retryCost: 5, timeoutRetryCost: 10 };

/** Origins tracked at most per client; the fullest bucket goes first when a new origin needs room. */
const MAX_ORIGINS = 64;

/** One origin's bucket. */
interface Bucket {
  tokens: number;
  /** Whether the bucket refused a retry since it last had room: the `retry_budget_empty` event fires once per dry spell. */
  dry: boolean;
}

/** What spend() decided. */
export type SpendOutcome = "spent" | "refused" | "ran_dry";

/** The retry budget of one client. */
export interface RetryBudget {
  /** Buckets below capacity: when 0 (the common case) a success has nothing to refill and parses no URL. */
  readonly draining: number;
  readonly options: Required<RetryBudgetOptions>;
  /** Takes `cost` tokens for a retry to `url`'s origin; "ran_dry" is the first refusal of a dry spell. */
  spend(url: string, cost: number): SpendOutcome;
  /** Puts `amount` tokens back into `url`'s bucket (never above capacity). */
  refill(url: string, amount: number): void;
}

/** Creates a client's retry budget (its buckets start full). */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const settings: Required<RetryBudgetOptions> = { ...DEFAULT_RETRY_BUDGET, ...defined(options) };
  const buckets = new Map<string, Bucket>();
  let draining = 0;

  const bucketOf = (url: string, create: boolean): Bucket | undefined => {
    const origin = originOf(url);
    let bucket = buckets.get(origin);
    if (bucket === undefined && create) {
      if (buckets.size >= MAX_ORIGINS) evictFullest();
      bucket = { tokens: settings.capacity, dry: false };
      buckets.set(origin, bucket);
    }
    return bucket;
  };
  const evictFullest = (): void => {
    let fullest: [string, Bucket] | undefined;
    for (const entry of buckets) if (fullest === undefined || entry[1].tokens > fullest[1].tokens) fullest = entry;
    if (fullest === undefined) return;
    buckets.delete(fullest[0]);
    if (fullest[1].tokens < settings.capacity) draining--;
  };

  return {
    get draining() {
      return draining;
    },
    options: settings,
    spend(url, cost) {
      const bucket = bucketOf(url, true) as Bucket;
      if (bucket.tokens < cost) {
        if (bucket.dry) return "refused";
        bucket.dry = true;
        return "ran_dry";
      }
      const wasFull = bucket.tokens >= settings.capacity;
      bucket.tokens -= cost;
      if (wasFull && bucket.tokens < settings.capacity) draining++;
      return "spent";
    },
    refill(url, amount) {
      const bucket = bucketOf(url, false);
      if (bucket === undefined || bucket.tokens >= settings.capacity) return;
      bucket.tokens = Math.min(settings.capacity, bucket.tokens + amount);
      if (bucket.tokens === settings.capacity) draining--;
      if (bucket.dry && bucket.tokens >= settings.retryCost) bucket.dry = false;
    },
  };
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

function defined(options: RetryBudgetOptions): RetryBudgetOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

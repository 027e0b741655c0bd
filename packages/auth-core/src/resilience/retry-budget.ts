/**
 * The client-side retry budget, as the AWS SDKs' standard retry mode keeps it: a token bucket per
 * origin. A retry spends tokens (more after a timeout), a call that succeeds puts some back (the cost
 * of its last retry, else one), and a retry the bucket cannot pay for is not made: the call ends at
 * once with what the last attempt got. When an API is down, retries stop multiplying the load on it.
 */
import type { RetryBudgetOptions } from "./types.js";

/** Origins tracked at most per client; past that the buckets start over (full). */
const MAX_ORIGINS = 64;

/** What spend() decided: "ran_dry" is the first refusal of a dry spell (the event fires once). */
export type SpendOutcome = "spent" | "refused" | "ran_dry";

/**
 * The retry budget of one client. `draining` (buckets below capacity) is a plain field: a success reads
 * it (one property load) and refills, parsing its URL, only while some bucket is below capacity.
 */
export class RetryBudget {
  draining = 0;
  readonly capacity: number;
  readonly retryCost: number;
  readonly timeoutRetryCost: number;
  /** Tokens left per origin; a negative count marks a dry spell (the tokens are its bitwise complement). */
  readonly #tokens = new Map<string, number>();

  constructor(options: RetryBudgetOptions = {}) {
    this.capacity = options.capacity ?? 500;
    this.retryCost = options.retryCost ?? 5;
    this.timeoutRetryCost = options.timeoutRetryCost ?? 10;
  }

  /** Takes `cost` tokens for a retry to `url`'s origin. */
  spend(url: string, cost: number): SpendOutcome {
    const origin = originOf(url);
    const stored = this.#tokens.get(origin);
    if (stored === undefined && this.#tokens.size >= MAX_ORIGINS) {
      this.#tokens.clear();
      this.draining = 0;
    }
    const tokens = stored === undefined ? this.capacity : stored < 0 ? ~stored : stored;
    if (tokens < cost) {
      this.#tokens.set(origin, ~tokens);
      return stored !== undefined && stored < 0 ? "refused" : "ran_dry";
    }
    if (tokens >= this.capacity && cost > 0) this.draining++;
    this.#tokens.set(origin, tokens - cost);
    return "spent";
  }

  /** Puts `amount` tokens back into `url`'s bucket (never above capacity); a dry spell lasts until a retry is paid. */
  refill(url: string, amount: number): void {
    const origin = originOf(url);
    const stored = this.#tokens.get(origin);
    if (stored === undefined) return;
    const before = stored < 0 ? ~stored : stored;
    if (before >= this.capacity) return;
    const tokens = Math.min(this.capacity, before + amount);
    if (tokens >= this.capacity) this.draining--;
    this.#tokens.set(origin, stored < 0 ? ~tokens : tokens);
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/**
 * Budgets shared by every client of the process with the same budget settings, as token caches are
 * shared: a handler that builds a client per request spends and refills one bucket per origin, so the
 * budget limits retries across requests, not per client.
 */
const sharedBudgets = new Map<string, RetryBudget>();

/** The process-wide budget for these settings (created on first use). */
export function sharedRetryBudget(options: RetryBudgetOptions | undefined): RetryBudget {
  const id = `${options?.capacity}|${options?.retryCost}|${options?.timeoutRetryCost}`;
  let budget = sharedBudgets.get(id);
  if (budget === undefined) {
    budget = new RetryBudget(options);
    sharedBudgets.set(id, budget);
  }
  return budget;
}

/** Forgets every shared budget (tests start with full buckets; see resetSharedTokenCaches). */
export function resetRetryBudgets(): void {
  sharedBudgets.clear();
}

/**
 * Benchmark 8 (issue 22): the API is down (every call answers 503) for `durationMs` while callers keep
 * a steady rate of POSTs. Retry amplification = requests the server received / logical calls made: the
 * naive retry loop triples the load on a struggling API; the resilience layer's retry budget (a token
 * bucket per origin, on by default) stops retrying once it is empty, so the load stays near 1 request
 * per call. Same server process, same run, one variant after the other, each with a fresh client.
 */

import createClient from "openapi-fetch";
import { startServerProcess } from "../../harness/server-process.js";
import { type Summary, summarize } from "../../harness/stats.js";
import { type ChargeClient, type Create, naiveCreate, plainCreate, resilientClient, SERVER_FILE } from "./flaky.js";
import type { FlakyStats } from "./flaky-server.js";

/** The variants, in run order. */
export const OUTAGE_VARIANTS = ["naive", "oursNoBudget", "ours"] as const;
/** One variant of benchmark 8. */
export type OutageVariant = (typeof OUTAGE_VARIANTS)[number];

/** One variant's outcome over the outage. */
export interface OutageCell {
  /** Logical calls made during the outage. */
  calls: number;
  /** HTTP requests the server received for them (retries included). */
  requests: number;
  /** requests / calls. */
  amplification: number;
  /** How long a call took to fail, in ms. */
  callMs: Summary;
  /** From the first call to the last call's end. */
  elapsedMs: number;
}

/** Results of benchmark 8. */
export interface OutageResult {
  durationMs: number;
  ratePerSecond: number;
  cells: Record<OutageVariant, OutageCell>;
}

/** Sizes of benchmark 8. */
export interface OutageOptions {
  /** Logical calls started per second, whatever the earlier ones are doing (an open loop). */
  ratePerSecond: number;
  durationMs: number;
}

/** Starts calls at a steady rate for `durationMs` (an open loop: slow calls do not slow the arrivals); waits for all. */
async function steadyLoad(create: Create, options: OutageOptions, prefix: string) {
  const total = Math.floor((options.ratePerSecond * options.durationMs) / 1000);
  const calls: Promise<void>[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  const start = (): void => {
    const call = `${prefix}-${calls.length}`;
    const t0 = performance.now();
    calls.push(
      create(call).then(
        () => void latencies.push(performance.now() - t0),
        () => void latencies.push(performance.now() - t0),
      ),
    );
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) * options.ratePerSecond) / 1000));
      while (calls.length < due) start();
      if (calls.length >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 5);
  });
  await Promise.all(calls);
  return { calls: calls.length, callMs: summarize(latencies), elapsedMs: performance.now() - started };
}

/** Runs benchmark 8 against its own flaky server process, switched to "down". */
export async function runOutageSuite(options: OutageOptions): Promise<OutageResult> {
  const server = await startServerProcess(SERVER_FILE);
  try {
    const { baseUrl } = server;
    const plain: ChargeClient = createClient({ baseUrl, fetch: (request) => globalThis.fetch(request) });
    const creates: Record<OutageVariant, () => Create> = {
      naive: () => naiveCreate(plain),
      oursNoBudget: () => plainCreate(resilientClient(baseUrl, { retryBudget: false })),
      ours: () => plainCreate(resilientClient(baseUrl)),
    };
    const cells = {} as Record<OutageVariant, OutageCell>;
    for (const variant of OUTAGE_VARIANTS) {
      await server.reset();
      await server.configure({ down: true } as never);
      const { calls, callMs, elapsedMs } = await steadyLoad(creates[variant](), options, variant);
      const stats = (await server.stats()) as unknown as FlakyStats;
      cells[variant] = { calls, requests: stats.calls, amplification: stats.calls / calls, callMs, elapsedMs };
    }
    await server.configure({ down: false } as never);
    return { durationMs: options.durationMs, ratePerSecond: options.ratePerSecond, cells };
  } finally {
    await server.close();
  }
}

/** Benchmark 1: per-request overhead of the auth middleware with a warm cache. */
import { type BenchClient, callItems, createNaiveClient, createStaticClient } from "../../clients/baselines.js";
import { createOurProviderClient } from "../../clients/ours.js";
import { runClosedLoop } from "../../harness/load.js";
import type { ServerProcess } from "../../harness/server-process.js";
import { pairedRatios, type Summary, summarize } from "../../harness/stats.js";

/** The variants, in the order they run within a round. */
export const OVERHEAD_VARIANTS = ["static", "control", "naive", "ours"] as const;
/** One variant of benchmark 1. */
export type OverheadVariant = (typeof OVERHEAD_VARIANTS)[number];

/** Per-variant measurements over the rounds. */
export interface OverheadVariantResult {
  requestsPerSecond: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  cpuUsPerRequest: Summary;
  failures: number;
  requests: number;
}

/** Results of benchmark 1. */
export interface OverheadResult {
  rounds: number;
  durationMs: number;
  concurrency: number;
  variants: Record<OverheadVariant, OverheadVariantResult>;
  /**
   * ours / naive (openapi-fetch with the docs' auth middleware: what a user would pick instead),
   * throughput round by round: the figure that counts (target >= 0.97). Absent in runs made before it.
   */
  oursOverNaiveThroughputRatio?: Summary;
  /** ours / naive p99, round by round (target <= 1.05). Absent in runs made before it. */
  oursOverNaiveP99Ratio?: Summary;
  /** ours / static throughput, round by round: the floor openapi-fetch's middleware machinery sets (reported). */
  throughputRatio: Summary;
  /** ours / static p99, round by round (reported). */
  p99Ratio: Summary;
  /** naive / static throughput, round by round. */
  naiveThroughputRatio: Summary;
  /** A second static client identical to the first / static, round by round: the noise floor of the ratios. */
  controlThroughputRatio: Summary;
  /** Extra client CPU per request of ours over static, in µs (median of rounds). */
  extraCpuUs: Summary;
}

/** Options of benchmark 1. */
export interface OverheadOptions {
  rounds: number;
  durationMs: number;
  concurrency: number;
  warmupMs: number;
}

/**
 * The order of the variants in round `round`: a Williams design, so over n rounds (2n when n is odd) every
 * variant takes every position equally often and directly follows every other variant equally often. A
 * plain rotation would always run b right after a: whatever a leaves behind (garbage, a warm core) would
 * always land on b, and a ratio of b to a would carry it.
 */
export function balancedOrder<T>(items: readonly T[], round: number): T[] {
  const n = items.length;
  if (n === 0) return [];
  const first: number[] = [0];
  for (let lo = 1, hi = n - 1; first.length < n; ) first.push(first.length % 2 === 1 ? lo++ : hi--);
  const shift = round % n;
  const order = first.map((index) => items[(index + shift) % n] as T);
  return n % 2 === 1 && Math.floor(round / n) % 2 === 1 ? order.reverse() : order;
}

/**
 * Runs static / control / naive / ours interleaved in short rounds (a,b,c,d,a,b,c,d…) with keep-alive and
 * equal concurrency. The control is a second static client: its ratio to the first shows how far two
 * identical clients drift apart on this machine, so a ratio of ours can be read against it.
 */
export async function runOverheadSuite(server: ServerProcess, options: OverheadOptions): Promise<OverheadResult> {
  await server.reset();
  await server.configure({ lifetimeSeconds: 3600, tokenLatencyMs: 0, revokeStaggerMs: 0 });
  const clients: Record<OverheadVariant, BenchClient> = {
    static: createStaticClient(server.baseUrl),
    control: createStaticClient(server.baseUrl),
    naive: createNaiveClient(server.baseUrl),
    ours: createOurProviderClient(server.baseUrl),
  };
  for (const variant of OVERHEAD_VARIANTS) {
    const client = clients[variant];
    if (!(await callItems(client))) throw new Error(`overhead: the ${variant} client's first call failed`);
    await runClosedLoop(() => callItems(client), { concurrency: options.concurrency, durationMs: options.warmupMs });
  }
  const samples = Object.fromEntries(
    OVERHEAD_VARIANTS.map((v) => [
      v,
      { rps: [] as number[], p50: [] as number[], p99: [] as number[], cpu: [] as number[], failures: 0, requests: 0 },
    ]),
  ) as Record<
    OverheadVariant,
    { rps: number[]; p50: number[]; p99: number[]; cpu: number[]; failures: number; requests: number }
  >;
  for (let round = 0; round < options.rounds; round++) {
    // Interleaved in a balanced order: drift, position and predecessor in the round hit every variant alike.
    for (const variant of balancedOrder(OVERHEAD_VARIANTS, round)) {
      const client = clients[variant];
      const result = await runClosedLoop(() => callItems(client), {
        concurrency: options.concurrency,
        durationMs: options.durationMs,
      });
      const s = samples[variant];
      s.rps.push(result.requestsPerSecond);
      s.p50.push(result.p50Ms);
      s.p99.push(result.p99Ms);
      s.cpu.push(result.cpuUsPerRequest);
      s.failures += result.failures;
      s.requests += result.requests;
    }
  }
  const variants = Object.fromEntries(
    OVERHEAD_VARIANTS.map((v) => {
      const s = samples[v];
      return [
        v,
        {
          requestsPerSecond: summarize(s.rps),
          p50Ms: summarize(s.p50),
          p99Ms: summarize(s.p99),
          cpuUsPerRequest: summarize(s.cpu),
          failures: s.failures,
          requests: s.requests,
        },
      ];
    }),
  ) as Record<OverheadVariant, OverheadVariantResult>;
  const { static: base, control, naive, ours } = samples;
  return {
    rounds: options.rounds,
    durationMs: options.durationMs,
    concurrency: options.concurrency,
    variants,
    oursOverNaiveThroughputRatio: summarize(pairedRatios(ours.rps, naive.rps)),
    oursOverNaiveP99Ratio: summarize(pairedRatios(ours.p99, naive.p99)),
    throughputRatio: summarize(pairedRatios(ours.rps, base.rps)),
    p99Ratio: summarize(pairedRatios(ours.p99, base.p99)),
    naiveThroughputRatio: summarize(pairedRatios(naive.rps, base.rps)),
    controlThroughputRatio: summarize(pairedRatios(control.rps, base.rps)),
    extraCpuUs: summarize(ours.cpu.map((cpu, i) => cpu - (base.cpu[i] as number))),
  };
}

/** Benchmark 2: token requests caused by N concurrent first calls on a cold client. */
import { type BenchClient, callItems, createBaselineCacheClient, createNaiveClient } from "../../clients/baselines.js";
import { createOurProviderClient } from "../../clients/ours.js";
import { limitedFetch, runBurst } from "../../harness/load.js";
import type { ServerProcess } from "../../harness/server-process.js";

/** The variants of benchmark 2. */
export const STAMPEDE_VARIANTS = ["ours", "naive", "no-single-flight"] as const;
/** One variant of benchmark 2. */
export type StampedeVariant = (typeof STAMPEDE_VARIANTS)[number];

/** Token requests and failed calls for one N and variant. */
export interface StampedeCell {
  tokenRequests: number;
  failedCalls: number;
  wallMs: number;
}

/** Results of benchmark 2: one row per N. */
export interface StampedeResult {
  tokenLatencyMs: number;
  maxInFlight: number;
  rows: { callers: number; cells: Record<StampedeVariant, StampedeCell> }[];
}

/** Requests in flight at once, for every variant alike (keeps 10,000-caller bursts under the fd limit). */
const MAX_IN_FLIGHT = 1024;
/** A token endpoint is slower than an API call; 20 ms makes the race window realistic. */
const TOKEN_LATENCY_MS = 20;

function build(variant: StampedeVariant, baseUrl: string, fetchImpl: typeof fetch): BenchClient {
  if (variant === "ours") return createOurProviderClient(baseUrl, fetchImpl);
  if (variant === "naive") return createNaiveClient(baseUrl, fetchImpl);
  return createBaselineCacheClient(baseUrl, { singleFlight: false, leewayMs: 0 }, fetchImpl);
}

/** Runs the cold stampede for each N and variant on a fresh client, counting token requests at the server. */
export async function runStampedeSuite(server: ServerProcess, callerCounts: number[]): Promise<StampedeResult> {
  await server.configure({ lifetimeSeconds: 3600, tokenLatencyMs: TOKEN_LATENCY_MS, revokeStaggerMs: 0 });
  const rows: StampedeResult["rows"] = [];
  for (const callers of callerCounts) {
    const cells = {} as Record<StampedeVariant, StampedeCell>;
    for (const variant of STAMPEDE_VARIANTS) {
      await server.reset();
      const client = build(variant, server.baseUrl, limitedFetch(MAX_IN_FLIGHT));
      const started = performance.now();
      const burst = await runBurst(() => callItems(client), callers);
      const wallMs = performance.now() - started;
      cells[variant] = { tokenRequests: (await server.stats()).tokenRequests, failedCalls: burst.failures, wallMs };
    }
    rows.push({ callers, cells });
    console.log(
      `  stampede N=${callers}: ${STAMPEDE_VARIANTS.map((v) => `${v} ${cells[v].tokenRequests}`).join(", ")} token requests`,
    );
  }
  await server.configure({ tokenLatencyMs: 0 });
  return { tokenLatencyMs: TOKEN_LATENCY_MS, maxInFlight: MAX_IN_FLIGHT, rows };
}

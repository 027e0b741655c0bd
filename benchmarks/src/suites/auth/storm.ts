/** Benchmark 4: refetches caused by K concurrent 401s for one revoked token, arriving staggered. */
import { type BenchClient, callItems, createBaselineCacheClient } from "../../clients/baselines.js";
import { createOurProviderClient } from "../../clients/ours.js";
import { runBurst } from "../../harness/load.js";
import type { ServerProcess } from "../../harness/server-process.js";

/** The variants of benchmark 4. */
export const STORM_VARIANTS = ["ours", "unconditional", "no-single-flight"] as const;
/** One variant of benchmark 4. */
export type StormVariant = (typeof STORM_VARIANTS)[number];

/** Refetches and outcomes for one K and variant. */
export interface StormCell {
  refetches: number;
  failedCalls: number;
  unauthorized: number;
}

/** Results of benchmark 4: one row per K. */
export interface StormResult {
  staggerMs: number;
  tokenLatencyMs: number;
  rows: { concurrent: number; cells: Record<StormVariant, StormCell> }[];
}

const STAGGER_MS = 300;
const TOKEN_LATENCY_MS = 20;

function build(variant: StormVariant, baseUrl: string): BenchClient {
  if (variant === "ours") return createOurProviderClient(baseUrl);
  return createBaselineCacheClient(baseUrl, { singleFlight: variant === "unconditional", leewayMs: 0 });
}

/**
 * For each K and variant: warm a fresh client (one token), revoke that token at the server, then send K
 * calls at once; the server answers each 401 after a random delay in [0, 300 ms]. Counts token requests
 * after the revocation.
 */
export async function runStormSuite(server: ServerProcess, concurrency: number[]): Promise<StormResult> {
  const rows: StormResult["rows"] = [];
  for (const concurrent of concurrency) {
    const cells = {} as Record<StormVariant, StormCell>;
    for (const variant of STORM_VARIANTS) {
      await server.reset();
      await server.configure({ lifetimeSeconds: 3600, tokenLatencyMs: TOKEN_LATENCY_MS, revokeStaggerMs: 0 });
      const client = build(variant, server.baseUrl);
      if (!(await callItems(client))) throw new Error(`storm: the ${variant} client's warm-up call failed`);
      const before = await server.stats();
      await server.revoke();
      await server.configure({ revokeStaggerMs: STAGGER_MS });
      const burst = await runBurst(() => callItems(client), concurrent);
      const after = await server.stats();
      cells[variant] = {
        refetches: after.tokenRequests - before.tokenRequests,
        failedCalls: burst.failures,
        unauthorized: after.unauthorized - before.unauthorized,
      };
    }
    rows.push({ concurrent, cells });
    console.log(
      `  401 storm K=${concurrent}: ${STORM_VARIANTS.map((v) => `${v} ${cells[v].refetches}`).join(", ")} refetches`,
    );
  }
  await server.configure({ tokenLatencyMs: 0, revokeStaggerMs: 0 });
  return { staggerMs: STAGGER_MS, tokenLatencyMs: TOKEN_LATENCY_MS, rows };
}

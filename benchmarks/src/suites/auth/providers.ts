/** Benchmark 2b: the three real provider clients against the loopback provider emulator (scripts/lib/emulator). */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createDollrClient } from "@scope/dollr";
import { createDuroClient } from "@scope/duro";
import { createTurrisClient } from "@scope/turris";
import { type BenchClient, callItems } from "../../clients/baselines.js";
import { runBurst } from "../../harness/load.js";
import { repoRoot } from "../../harness/paths.js";
import { quantile } from "../../harness/stats.js";

/** The emulated providers. */
export const PROVIDERS = ["dollr", "turris", "duro"] as const;
/** One emulated provider. */
export type Provider = (typeof PROVIDERS)[number];

/** One provider client's cold burst. */
export interface ProviderRow {
  provider: Provider;
  calls: number;
  failedCalls: number;
  tokenRequests: number;
  p50Ms: number;
  p99Ms: number;
}

/** Results of benchmark 2b. */
export interface ProvidersResult {
  callers: number;
  tokenLatencyMs: number;
  rows: ProviderRow[];
}

const TOKEN_LATENCY_MS = 20;

function build(provider: Provider, baseUrl: string): BenchClient {
  // The emulator serves an authenticated echo API on every non-token path; the route is typed separately.
  if (provider === "dollr") {
    return createDollrClient({
      clientId: "bench-dollr",
      clientSecret: "bench-secret",
      baseUrl,
    }) as unknown as BenchClient;
  }
  if (provider === "turris") {
    return createTurrisClient({
      clientId: "bench-turris",
      clientSecret: "bench-secret",
      baseUrl,
    }) as unknown as BenchClient;
  }
  return createDuroClient({
    clientId: "cid_test_bench",
    clientSecret: "bench-secret",
    baseUrl,
  }) as unknown as BenchClient;
}

/** Starts the emulator CLI in its own process, runs N concurrent cold calls per provider client, reads its counters. */
export async function runProvidersSuite(callers: number): Promise<ProvidersResult> {
  const cli = join(repoRoot, "scripts", "lib", "emulator", "cli.ts");
  const child = spawn(process.execPath, ["--import", "tsx", cli, "--token-latency-ms", String(TOKEN_LATENCY_MS)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const started = await new Promise<{ url: string; baseUrls: Record<Provider, string> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the emulator did not start within 60 s")), 60_000);
      child.once("exit", (code) => reject(new Error(`the emulator exited with code ${code}`)));
      createInterface({ input: child.stdout }).once("line", (line) => {
        clearTimeout(timer);
        resolve(JSON.parse(line) as { url: string; baseUrls: Record<Provider, string> });
      });
    });
    const rows: ProviderRow[] = [];
    for (const provider of PROVIDERS) {
      const client = build(provider, started.baseUrls[provider]);
      const burst = await runBurst(() => callItems(client), callers);
      const stats = (await (await fetch(`${started.url}/__emulator/stats`)).json()) as Record<
        Provider,
        { tokenRequests: number }
      >;
      rows.push({
        provider,
        calls: callers,
        failedCalls: burst.failures,
        tokenRequests: stats[provider].tokenRequests,
        p50Ms: quantile(burst.latenciesMs, 0.5),
        p99Ms: quantile(burst.latenciesMs, 0.99),
      });
    }
    console.log(
      `  emulator, ${callers} cold calls: ${rows.map((r) => `${r.provider} ${r.tokenRequests}`).join(", ")} token requests`,
    );
    return { callers, tokenLatencyMs: TOKEN_LATENCY_MS, rows };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  }
}

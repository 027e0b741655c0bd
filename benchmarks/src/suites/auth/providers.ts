/**
 * Benchmark 2b: the client of every provider in specs/registry.json against the loopback provider
 * emulator (scripts/lib/emulator), each loaded from its package's build by the `create<Provider>Client`
 * convention, so a provider added to the registry is benchmarked with no edit here.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { loadClientFactory } from "../../../../scripts/lib/provider-clients.ts";
import { readRegistry } from "../../../../scripts/lib/registry.ts";
import { type BenchClient, callItems } from "../../clients/baselines.js";
import { runBurst } from "../../harness/load.js";
import { repoRoot } from "../../harness/paths.js";
import { quantile } from "../../harness/stats.js";

/** The emulated providers: the registry's ids, in its order. */
export const PROVIDERS: readonly string[] = readRegistry().providers.map((entry) => entry.id);
/** One emulated provider (a registry id). */
export type Provider = string;

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

async function build(provider: Provider, baseUrl: string): Promise<BenchClient> {
  const entry = readRegistry().providers.find((candidate) => candidate.id === provider);
  if (!entry) throw new Error(`${provider} is not in specs/registry.json`);
  const create = await loadClientFactory(entry, { from: "dist" });
  // The emulator serves an authenticated echo API on every non-token path; the route is typed separately.
  return create({ clientId: `bench-${provider}`, clientSecret: "bench-secret", baseUrl }) as BenchClient;
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
      const baseUrl = started.baseUrls[provider];
      if (baseUrl === undefined) throw new Error(`the emulator serves no ${provider}`);
      const client = await build(provider, baseUrl);
      const burst = await runBurst(() => callItems(client), callers);
      const stats = (await (await fetch(`${started.url}/__emulator/stats`)).json()) as Record<
        Provider,
        { tokenRequests: number }
      >;
      rows.push({
        provider,
        calls: callers,
        failedCalls: burst.failures,
        tokenRequests: stats[provider]?.tokenRequests ?? Number.NaN,
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

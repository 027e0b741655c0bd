/**
 * `pnpm test:runtimes` (after `pnpm build`): proves the three clients on every supported runtime.
 * Installs the runtimes as npm packages into a cache folder (reused across runs), packs auth-core and
 * the providers and installs the tarballs into a scratch project, then for each row starts a fresh
 * loopback emulator and runs the probe (probe/checks.mjs): 20 concurrent authenticated calls per
 * provider costing exactly 1 token request, and one 401 replayed with its POST body. Prints a table
 * with each runtime's version and timing; fails when any row fails.
 *
 *   pnpm test:runtimes [--only node22-esm,deno2] [--cache-dir <dir>]   (default cache: $RUNTIMES_CACHE_DIR or <tmp>/scope-runtimes-cache)
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { EMULATED_PROVIDERS, startEmulator } from "./lib/emulator/server.ts";
import { repoRoot } from "./lib/registry.ts";
import { createConsumerApp } from "./lib/runtimes/consumer-app.ts";
import { evaluateReport } from "./lib/runtimes/evaluate-report.ts";
import { ensureRuntime, runtimeVersion } from "./lib/runtimes/install-runtime.ts";
import { runProbe } from "./lib/runtimes/run-probe.ts";
import { type RuntimePackage, type RuntimeRow, selectRows } from "./lib/runtimes/runtimes.ts";
import { killAllStarted } from "./release/exec.ts";

interface RowResult {
  row: RuntimeRow;
  version: string;
  wallMs: number;
  probeMs: number | undefined;
  failures: string[];
}

async function runRow(
  row: RuntimeRow,
  bin: string,
  version: string,
  appDir: string,
  scratch: string,
): Promise<RowResult> {
  const emulator = await startEmulator();
  const started = performance.now();
  try {
    const report = await runProbe(row.kind, bin, appDir, emulator.url, scratch);
    const failures = evaluateReport(report, emulator.stats(), EMULATED_PROVIDERS);
    return { row, version, wallMs: performance.now() - started, probeMs: report.durationMs, failures };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { row, version, wallMs: performance.now() - started, probeMs: undefined, failures: [message] };
  } finally {
    await emulator.close();
  }
}

function table(results: readonly RowResult[]): string {
  const header = ["runtime", "version", "result", "probe", "wall (start-up included)"];
  const rows = results.map((r) => [
    r.row.label,
    r.version,
    r.failures.length === 0 ? "pass" : "FAIL",
    r.probeMs === undefined ? "-" : `${r.probeMs} ms`,
    `${Math.round(r.wallMs)} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" }, "cache-dir": { type: "string" } } });
  const rows = selectRows(values.only ? values.only.split(",").map((id) => id.trim()) : []);
  const cacheDir = values["cache-dir"] ?? process.env.RUNTIMES_CACHE_DIR ?? join(tmpdir(), "scope-runtimes-cache");
  mkdirSync(cacheDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), "scope-runtimes-"));
  const started = performance.now();
  try {
    const runtimes = [...new Map(rows.map((row) => [row.runtime.key, row.runtime])).values()];
    console.log(`installing ${runtimes.map((r) => `${r.name}@${r.version}`).join(", ")} into ${cacheDir} (cached)`);
    const [bins, appDir] = await Promise.all([
      Promise.all(runtimes.map(async (r): Promise<[RuntimePackage, string]> => [r, await ensureRuntime(r, cacheDir)])),
      createConsumerApp(repoRoot, join(scratch, "app")),
    ]);
    const binOf = new Map(bins.map(([runtime, bin]) => [runtime.key, bin]));
    console.log(`runtimes and packed tarballs ready after ${Math.round(performance.now() - started)} ms\n`);
    const results: RowResult[] = [];
    for (const row of rows) {
      const bin = binOf.get(row.runtime.key) as string;
      const result = await runRow(row, bin, await runtimeVersion(bin), appDir, scratch);
      console.log(`${result.failures.length === 0 ? "ok  " : "FAIL"} ${row.label} (${Math.round(result.wallMs)} ms)`);
      for (const failure of result.failures) console.log(`       ${failure}`);
      results.push(result);
    }
    console.log(`\n${table(results)}\n`);
    const failed = results.filter((r) => r.failures.length > 0);
    console.log(
      `${results.length - failed.length} of ${results.length} runtime rows passed in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    killAllStarted();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  killAllStarted();
  console.error(`test:runtimes failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

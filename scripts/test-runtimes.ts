/**
 * `pnpm test:runtimes` (after `pnpm build`): proves the clients where users deploy them. Installs the
 * runtimes as npm packages into a cache folder (reused across runs), packs auth-core and the
 * providers and installs the tarballs into a scratch project, starts one loopback emulator, then per
 * row runs the deployment-shaped phases of scripts/lib/runtimes/expectations.ts against fresh server
 * instances it starts and stops itself: (a) 3 sequential requests and a 401 replay per provider,
 * (b) 10 concurrent requests on a cold instance, (c) a request whose connection is closed while the
 * emulator holds its token response, (d) 3 more requests. Prints requests ok / sent and token
 * requests per phase, and a README-ready table; fails when any row misses its expectations.
 *
 *   pnpm test:runtimes [--only node22,workerd-latest-lazy] [--cache-dir <dir>]
 *   (default cache: $RUNTIMES_CACHE_DIR or <tmp>/scope-runtimes-cache)
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type Emulator, startEmulator } from "./lib/emulator/server.ts";
import { repoRoot } from "./lib/registry.ts";
import { bundleServer, createConsumerApp } from "./lib/runtimes/consumer-app.ts";
import { evaluateRow, expectationsFor } from "./lib/runtimes/expectations.ts";
import { ensureRuntime, runtimeVersion } from "./lib/runtimes/install-runtime.ts";
import { runPhases } from "./lib/runtimes/phases.ts";
import { formatConsoleTable, formatReadmeTable, type RowResult } from "./lib/runtimes/report-table.ts";
import { type RuntimePackage, type RuntimeRow, selectRows } from "./lib/runtimes/runtimes.ts";
import { startServer } from "./lib/runtimes/server-process.ts";
import { killAllStarted } from "./release/exec.ts";

/** The probe file a row serves (bundled first for workerd and the Edge Runtime). */
function entryOf(row: RuntimeRow): string {
  if (row.server === "workerd") return `worker-${row.shape}.mjs`;
  if (row.server === "node-cjs") return "server-node.cjs";
  return `server-${row.server}.mjs`;
}

async function runRow(
  row: RuntimeRow,
  bin: string,
  appDir: string,
  scratch: string,
  emulator: Emulator,
): Promise<RowResult> {
  const started = performance.now();
  // workerd's --version prints a date; the npm version says which release (e.g. wrangler 4.86's) ran.
  const version = row.server === "edge" || row.server === "workerd" ? row.runtime.version : await runtimeVersion(bin);
  try {
    const bundle =
      row.server === "workerd" || row.server === "edge"
        ? await bundleServer(appDir, entryOf(row), emulator.url, row.server)
        : undefined;
    const files = { appDir, scratch, emulatorUrl: emulator.url, ...(bundle ? { bundle } : {}) };
    const { report, outputs } = await runPhases(() => startServer(row, bin, files), emulator);
    const failures = evaluateRow(report, expectationsFor(row));
    return { row, version, wallMs: performance.now() - started, report, failures, outputs };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { row, version, wallMs: performance.now() - started, report: undefined, failures: [message], outputs: [] };
  }
}

/** The server output lines worth showing for a failed row (errors a Worker logged), deduplicated. */
function interestingOutput(outputs: readonly string[]): string[] {
  const lines = outputs
    .flatMap((output) => output.split("\n"))
    .filter((line) => /error|uncaught|disallowed|cannot/i.test(line));
  return [...new Set(lines)].slice(0, 8).map((line) => line.slice(0, 400));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { only: { type: "string" }, "cache-dir": { type: "string" } } });
  const rows = selectRows(values.only ? values.only.split(",").map((id) => id.trim()) : []);
  const cacheDir = values["cache-dir"] ?? process.env.RUNTIMES_CACHE_DIR ?? join(tmpdir(), "scope-runtimes-cache");
  mkdirSync(cacheDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), "scope-runtimes-"));
  const started = performance.now();
  let emulator: Emulator | undefined;
  try {
    const runtimes = [...new Map(rows.map((row) => [row.runtime.key, row.runtime])).values()];
    console.log(`installing ${runtimes.map((r) => `${r.name}@${r.version}`).join(", ")} into ${cacheDir} (cached)`);
    const [bins, appDir, running] = await Promise.all([
      Promise.all(runtimes.map(async (r): Promise<[RuntimePackage, string]> => [r, await ensureRuntime(r, cacheDir)])),
      createConsumerApp(repoRoot, join(scratch, "app")),
      startEmulator(),
    ]);
    emulator = running;
    const binOf = new Map(bins.map(([runtime, bin]) => [runtime.key, bin]));
    console.log(`runtimes and packed tarballs ready after ${Math.round(performance.now() - started)} ms\n`);
    const results: RowResult[] = [];
    for (const row of rows) {
      const result = await runRow(row, binOf.get(row.runtime.key) as string, appDir, scratch, emulator);
      console.log(
        `${result.failures.length === 0 ? "ok  " : "FAIL"} ${row.id}: ${row.label} (${Math.round(result.wallMs)} ms)`,
      );
      for (const failure of result.failures) console.log(`       ${failure}`);
      if (result.failures.length > 0) {
        for (const line of interestingOutput(result.outputs)) console.log(`       | ${line}`);
      }
      results.push(result);
    }
    console.log(`\n${formatConsoleTable(results)}\n`);
    console.log(`README table:\n\n${formatReadmeTable(results)}\n`);
    const failed = results.filter((r) => r.failures.length > 0);
    console.log(
      `${results.length - failed.length} of ${results.length} runtime rows passed in ${Math.round((performance.now() - started) / 1000)} s`,
    );
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    killAllStarted();
    await emulator?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  killAllStarted();
  console.error(`test:runtimes failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

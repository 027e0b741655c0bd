/**
 * `pnpm bench`: runs every benchmark of issue 7 and writes RESULTS.md, results.json and SVG charts.
 *
 *   tsx benchmarks/src/main.ts            full run -> benchmarks/RESULTS.md, benchmarks/charts/*.svg (commit these)
 *   tsx benchmarks/src/main.ts --smoke    tiny N, < 60 s -> benchmarks/.bench-tmp/smoke/ (git-ignored; CI)
 *   --out DIR                             write somewhere else;  --only overhead,stampede,…  run a subset
 *   --render DIR/results.json             re-render RESULTS.md and charts from a run's numbers (no measuring)
 *
 * Targets are reported, never asserted: a missed target does not fail the run; a suite that crashes does.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { readRegistry } from "../../scripts/lib/registry.ts";
import { machineFacts } from "./harness/machine.js";
import { benchDir, repoRoot, scratchDir } from "./harness/paths.js";
import { startServerProcess } from "./harness/server-process.js";
import { buildCharts, MAIN_CHART } from "./report/charts.js";
import { headlines, renderResultsMarkdown } from "./report/markdown.js";
import type { RunResults, Skipped } from "./report/results.js";
import { runClientCostSuite } from "./suites/auth/client-cost.js";
import { runOverheadSuite } from "./suites/auth/overhead.js";
import { runProvidersSuite } from "./suites/auth/providers.js";
import { runRefreshSuite } from "./suites/auth/refresh.js";
import { runStampedeSuite } from "./suites/auth/stampede.js";
import { runStormSuite } from "./suites/auth/storm.js";
import { findFleetScript, runFleetScript } from "./suites/fleet/fleet.js";
import { runFootprintSuite } from "./suites/footprint/footprint-suite.js";
import { runGenerationSuite } from "./suites/generation/generation-suite.js";
import { runTelemetryCostSuite } from "./suites/observability/telemetry-cost.js";
import { runResilienceSuite } from "./suites/resilience/flaky.js";
import { runOutageSuite } from "./suites/resilience/outage.js";
import { runResponseChecksSuite } from "./suites/validation/response-checks.js";

const SUITES = [
  "overhead",
  "cost",
  "stampede",
  "providers",
  "refresh",
  "storm",
  "generation",
  "footprint",
  "fleet",
  "resilience",
  "outage",
  "checks",
  "telemetry",
] as const;
type SuiteName = (typeof SUITES)[number];

/** Sizes and durations of a full and a smoke run. */
const PLANS = {
  full: {
    overhead: { rounds: 160, durationMs: 120, concurrency: 16, warmupMs: 1000 },
    cost: { rounds: 100, requestsPerRound: 1000, concurrency: 16 },
    stampede: [1, 10, 100, 1000, 10_000],
    providerCallers: 1000,
    refreshLifetimes: 10,
    storm: [1, 10, 100, 1000],
    generation: { runs: 3, syntheticSizes: [100, 1000, 5000], singleRunFrom: 5000, vendored: true, vendoredRuns: 2 },
    install: true,
    fleetArgs: ["--processes", "8", "--lifetimes", "3", "--lifetime-seconds", "2"],
    resilience: { calls: 10_000, concurrency: 32, rounds: 60, durationMs: 120 },
    outage: { ratePerSecond: 200, durationMs: 10_000 },
    checks: { rounds: 40, callsPerRound: 2000 },
    telemetry: { rounds: 40, requestsPerRound: 1000, concurrency: 16 },
  },
  smoke: {
    overhead: { rounds: 2, durationMs: 250, concurrency: 4, warmupMs: 100 },
    cost: { rounds: 2, requestsPerRound: 200, concurrency: 4 },
    stampede: [1, 10, 100],
    providerCallers: 50,
    refreshLifetimes: 3,
    storm: [10],
    generation: { runs: 1, syntheticSizes: [20], vendored: false },
    install: false,
    fleetArgs: ["--processes", "2", "--lifetimes", "1", "--lifetime-seconds", "1", "--calls", "2"],
    resilience: { calls: 300, concurrency: 8, rounds: 2, durationMs: 200 },
    outage: { ratePerSecond: 50, durationMs: 1000 },
    checks: { rounds: 2, callsPerRound: 100 },
    telemetry: { rounds: 2, requestsPerRound: 200, concurrency: 4 },
  },
};

/** Packages whose build the suites load: auth-core and every provider in specs/registry.json. */
const PACKAGES_NEEDED = ["auth-core", ...readRegistry().providers.map((entry) => entry.id)];

let failed = false;

async function attempt<T>(name: SuiteName, selected: Set<SuiteName>, run: () => Promise<T>): Promise<T | Skipped> {
  if (!selected.has(name)) return { skipped: "not selected in this run (--only)" };
  const started = performance.now();
  console.log(`${name}…`);
  try {
    const result = await run();
    console.log(`${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`${name} FAILED: ${message}`);
    return { skipped: `failed: ${message.split("\n")[0]}` };
  }
}

function writeReport(results: RunResults, outDir: string): void {
  const chartsDir = join(outDir, "charts");
  rmSync(chartsDir, { recursive: true, force: true });
  mkdirSync(chartsDir, { recursive: true });
  for (const [name, svg] of buildCharts(results)) writeFileSync(join(chartsDir, name), svg);
  writeFileSync(join(outDir, "RESULTS.md"), renderResultsMarkdown(results));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean", default: false },
      out: { type: "string" },
      only: { type: "string" },
      render: { type: "string" },
    },
  });
  if (values.render) {
    // Re-render RESULTS.md and the charts from a results.json (same run, same numbers) after a report change.
    const results = JSON.parse(readFileSync(values.render, "utf8")) as RunResults;
    writeReport(results, values.out ?? dirname(values.render));
    return;
  }
  const mode = values.smoke ? "smoke" : "full";
  const plan = PLANS[mode];
  const outDir = values.out ?? (values.smoke ? join(scratchDir, "smoke") : benchDir);
  const selected = new Set<SuiteName>(
    values.only ? (values.only.split(",").map((s) => s.trim()) as SuiteName[]) : SUITES,
  );
  for (const name of selected)
    if (!SUITES.includes(name)) throw new Error(`unknown suite "${name}"; known: ${SUITES.join(", ")}`);
  const missing = PACKAGES_NEEDED.filter((id) => !existsSync(join(repoRoot, "packages", id, "dist", "index.js")));
  if (missing.length > 0) throw new Error(`packages not built (${missing.join(", ")}): run \`pnpm build\` first`);

  const started = performance.now();
  const machine = machineFacts();
  console.log(`bench (${mode}) on ${machine.cpuModel} × ${machine.cores}, Node ${machine.node}`);
  const server = await startServerProcess();
  let overhead: RunResults["overhead"];
  let stampede: RunResults["stampede"];
  let refresh: RunResults["refresh"];
  let storm: RunResults["storm"];
  try {
    overhead = await attempt("overhead", selected, () => runOverheadSuite(server, plan.overhead));
    stampede = await attempt("stampede", selected, () => runStampedeSuite(server, plan.stampede));
    refresh = await attempt("refresh", selected, () => runRefreshSuite(server, plan.refreshLifetimes));
    storm = await attempt("storm", selected, () => runStormSuite(server, plan.storm));
  } finally {
    await server.close();
  }
  const providers = await attempt("providers", selected, () => runProvidersSuite(plan.providerCallers));
  const cost = await attempt("cost", selected, () => runClientCostSuite(plan.cost));
  const generation = await attempt("generation", selected, () => runGenerationSuite(plan.generation));
  const footprint = await attempt("footprint", selected, () => runFootprintSuite({ install: plan.install }));
  const resilience = await attempt("resilience", selected, () => runResilienceSuite(plan.resilience));
  const outage = await attempt("outage", selected, () => runOutageSuite(plan.outage));
  const checks = await attempt("checks", selected, () => runResponseChecksSuite(plan.checks));
  const telemetry = await attempt("telemetry", selected, () => runTelemetryCostSuite(plan.telemetry));
  let fleet: RunResults["fleet"] = { skipped: "not selected in this run (--only)" };
  if (selected.has("fleet")) {
    const script = findFleetScript();
    if (!script) fleet = { skipped: "the Redis token store ships no fleet benchmark script yet" };
    else {
      try {
        fleet = await runFleetScript(script, plan.fleetArgs);
      } catch (error) {
        // Another package's script (it needs a redis-server): report, do not fail the suite.
        fleet = { skipped: `the fleet script failed: ${(error as Error).message.split("\n")[0]?.slice(0, 300)}` };
      }
    }
  }

  const results: RunResults = {
    mode,
    command: values.smoke ? "pnpm bench:smoke" : "pnpm bench",
    machine,
    totalMs: performance.now() - started,
    loadAverageAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    overhead,
    cost,
    stampede,
    providers,
    refresh,
    storm,
    generation,
    footprint,
    fleet,
    resilience,
    outage,
    checks,
    telemetry,
  };
  writeReport(results, outDir);
  writeFileSync(join(outDir, "results.json"), `${JSON.stringify(results, null, 2)}\n`);

  console.log(
    `\nwrote ${relative(process.cwd(), join(outDir, "RESULTS.md"))} and charts/ (main chart: charts/${MAIN_CHART})`,
  );
  for (const h of headlines(results))
    console.log(`  ${h.met ? "met   " : "MISSED"} ${h.claim}: ${h.measured} (target ${h.target})`);
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

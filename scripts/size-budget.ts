/**
 * Size budget (`pnpm size`, after `pnpm build`): bundles each public package's ESM entry with its
 * runtime dependencies the way a Worker is bundled (esbuild, minified, `workerd`/`worker`/`browser`
 * conditions, no Node built-ins; Node-only packages for Node), gzips it, prints what each part
 * costs, and compares the result with scripts/size-budget.json: each package's budget, and for the
 * provider packages (specs/registry.json) also the ceiling `providerMaxGzipBytes` (16.5 kB).
 * Then the 0-byte rule (scripts/release/optional-entries.ts): a bundle of each default entry holds
 * no module of any optional entry point the packages' `exports` maps publish (`/testing`, stores,
 * validation, telemetry), so optional features add 0 bytes to a client that does not import them.
 * Fails on either. `pnpm size --update` rewrites the budgets as measured + 10 % (providers never
 * above the ceiling).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRegistry, repoRoot } from "./lib/registry.ts";
import { NODE_ONLY_PACKAGES } from "./lib/runtime-imports/runtime-entries.ts";
import { checkOptionalEntries, formatViolations } from "./release/optional-entries.ts";
import {
  type Budget,
  budgetFromMeasurements,
  compareToBudget,
  esmEntry,
  formatParts,
  formatTable,
  type Measurement,
  measure,
} from "./release/size.ts";
import { listPublicPackages, type WorkspacePackage } from "./release/workspace.ts";

const budgetFile = join(repoRoot, "scripts", "size-budget.json");

/** Checks the 0-byte rule; returns false (after printing why) when a default bundle holds an optional module. */
async function zeroByteRule(packages: readonly WorkspacePackage[]): Promise<boolean> {
  const entries = packages.map((pkg) => ({ ...pkg, nodeOnly: NODE_ONLY_PACKAGES[pkg.name] !== undefined }));
  const { defaults, optional, violations } = await checkOptionalEntries(entries, repoRoot);
  if (violations.length > 0) {
    console.error(
      `\n0-byte rule: ${violations.length} module(s) of optional entry points in default bundles:\n${formatViolations(violations)}\nMove the import behind the optional entry (or into its own package).`,
    );
    return false;
  }
  console.log(
    `\n0-byte rule: none of the ${optional.length} optional entry points (${optional.join(", ")}) has a module in the bundle of ${defaults.join(", ")}.`,
  );
  return true;
}

async function main(): Promise<void> {
  const update = process.argv.includes("--update");
  const packages = await listPublicPackages(repoRoot);
  const providers = readRegistry(repoRoot).providers.map((entry) => entry.packageName);
  const measurements: Measurement[] = [];
  for (const pkg of packages) {
    const file = join(pkg.dir, esmEntry(pkg.manifest));
    if (!existsSync(file)) throw new Error(`${pkg.name}: ${file} does not exist; run \`pnpm build\` first`);
    measurements.push(await measure(pkg.name, file, NODE_ONLY_PACKAGES[pkg.name] === undefined ? "worker" : "node"));
  }
  const budget = existsSync(budgetFile) ? (JSON.parse(readFileSync(budgetFile, "utf8")) as Budget) : { packages: {} };
  if (update) {
    const next = budgetFromMeasurements(measurements, budget.$comment, budget, providers);
    writeFileSync(budgetFile, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`wrote ${budgetFile}`);
    console.log(formatTable(compareToBudget(measurements, next, providers)));
    return;
  }
  const rows = compareToBudget(measurements, budget, providers);
  console.log(formatTable(rows));
  console.log(`\nWhat each part costs (min bytes; gzip share estimated in proportion):\n${formatParts(measurements)}`);
  const failing = rows.filter((r) => !r.ok);
  if (failing.length > 0) {
    console.error(
      `\n${failing.length} package(s) over budget or without one (provider packages: at most ${budget.providerMaxGzipBytes ?? "their budget"} B min+gzip whatever their budget). If the growth is intended and under the ceiling, run \`pnpm size --update\` and commit scripts/size-budget.json.`,
    );
    process.exitCode = 1;
  }
  if (!(await zeroByteRule(packages))) process.exitCode = 1;
}

await main();

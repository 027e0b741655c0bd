/**
 * Size budget (`pnpm size`, after `pnpm build`): bundles each public package's ESM entry with its
 * runtime dependencies the way a Worker is bundled (esbuild, minified, `workerd`/`worker`/`browser`
 * conditions, no Node built-ins; Node-only packages for Node), gzips it, prints what each part
 * costs, and compares the result with scripts/size-budget.json. Fails when a package is over budget
 * or has no budget. `pnpm size --update` rewrites the budget file as measured size + 10 % headroom.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./lib/registry.ts";
import { NODE_ONLY_PACKAGES } from "./lib/runtime-imports/runtime-entries.ts";
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
import { listPublicPackages } from "./release/workspace.ts";

const budgetFile = join(repoRoot, "scripts", "size-budget.json");
async function main(): Promise<void> {
  const update = process.argv.includes("--update");
  const packages = await listPublicPackages(repoRoot);
  const measurements: Measurement[] = [];
  for (const pkg of packages) {
    const file = join(pkg.dir, esmEntry(pkg.manifest));
    if (!existsSync(file)) throw new Error(`${pkg.name}: ${file} does not exist; run \`pnpm build\` first`);
    measurements.push(await measure(pkg.name, file, NODE_ONLY_PACKAGES[pkg.name] === undefined ? "worker" : "node"));
  }
  const budget = existsSync(budgetFile) ? (JSON.parse(readFileSync(budgetFile, "utf8")) as Budget) : { packages: {} };
  if (update) {
    const next = budgetFromMeasurements(measurements, budget.$comment);
    writeFileSync(budgetFile, `${JSON.stringify(next, null, 2)}\n`);
    console.log(`wrote ${budgetFile}`);
    console.log(formatTable(compareToBudget(measurements, next)));
    return;
  }
  const rows = compareToBudget(measurements, budget);
  console.log(formatTable(rows));
  console.log(`\nWhat each part costs (min bytes; gzip share estimated in proportion):\n${formatParts(measurements)}`);
  const failing = rows.filter((r) => !r.ok);
  if (failing.length > 0) {
    console.error(
      `\n${failing.length} package(s) over budget or without one. If the growth is intended, run \`pnpm size --update\` and commit scripts/size-budget.json.`,
    );
    process.exitCode = 1;
  }
}

await main();

/** Gives a newly scaffolded package its entry in scripts/size-budget.json (measured + 10 %), leaving the others. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Budget, budgetFromMeasurements, esmEntry, measure } from "../../release/size.ts";
import { readManifest } from "../../release/workspace.ts";

/** Measures the built package in packages/<name> and records its budget; returns the budget in bytes. */
export async function recordSizeBudget(root: string, packageName: string): Promise<number> {
  const dir = join(root, "packages", packageName.replace(/^@scope\//, ""));
  const manifest = readManifest(dir);
  const measurement = await measure(packageName, join(dir, esmEntry(manifest)));
  const file = join(root, "scripts", "size-budget.json");
  const budget: Budget = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Budget) : { packages: {} };
  const bytes = budgetFromMeasurements([measurement], undefined).packages[packageName]?.gzipBytes ?? 0;
  const packages = Object.fromEntries(
    Object.entries({ ...budget.packages, [packageName]: { gzipBytes: bytes } }).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(file, `${JSON.stringify({ ...budget, packages }, null, 2)}\n`);
  return bytes;
}

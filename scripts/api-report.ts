/**
 * `pnpm api:check` / `pnpm api:update` (after `pnpm build`): the public API of every public package,
 * one api-extractor report per `exports` entry point, committed as `packages/<id>/review/*.api.md`.
 * The check fails when the built surface differs from the committed report and prints the fix
 * command; `--update` rewrites the reports. `--filter <package name>` limits either to one package.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { parseArgs } from "node:util";
import {
  apiEntryPoints,
  compareReport,
  diffLines,
  generateReport,
  reportPath,
  staleReportMessage,
} from "./lib/api-report.ts";
import { repoRoot } from "./lib/registry.ts";
import { listPublicPackages } from "./release/workspace.ts";

const { values } = parseArgs({
  options: { update: { type: "boolean", default: false }, filter: { type: "string", multiple: true } },
});
const filter = new Set(values.filter ?? []);
let failures = 0;
for (const pkg of await listPublicPackages(repoRoot)) {
  if (filter.size > 0 && !filter.has(pkg.name)) continue;
  for (const entry of apiEntryPoints(pkg.manifest)) {
    const label = entry.subpath === "." ? pkg.name : `${pkg.name}/${entry.subpath.slice(2)}`;
    if (!existsSync(`${pkg.dir}/${entry.types}`)) {
      console.error(`FAIL ${label}: ${entry.types} is missing; run \`pnpm build\` first`);
      failures++;
      continue;
    }
    const generated = generateReport(pkg.dir, entry);
    for (const error of generated.errors) console.error(`       ${error}`);
    if (generated.errors.length > 0) failures++;
    const path = reportPath(pkg.dir, entry);
    const rel = relative(repoRoot, path);
    const committed = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    const status = compareReport(generated.text, committed);
    if (values.update) {
      if (status !== "same") {
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, generated.text);
      }
      console.log(`${status === "same" ? "same   " : "updated"} ${label}: ${rel}`);
      continue;
    }
    if (status === "same") {
      console.log(`ok   ${label}: ${rel}`);
      continue;
    }
    failures++;
    console.error(`FAIL ${staleReportMessage(pkg.name, entry, rel, status)}`);
    for (const line of diffLines(committed ?? "", generated.text)) console.error(`       ${line}`);
  }
}
if (failures > 0) {
  console.error(
    values.update
      ? `\n${failures} problem(s) while writing the API reports.`
      : "\nThe public API differs from the committed reports. Run `pnpm api:update`, review the diff and commit it.",
  );
  process.exitCode = 1;
}

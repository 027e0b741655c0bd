/**
 * `pnpm api:check` / `pnpm api:update` (after `pnpm build`): the public API of every public package,
 * one api-extractor report per `exports` entry point, committed as `packages/<id>/review/*.api.md`.
 * The check fails when the built surface differs from the committed report and prints the fix
 * command; `--update` rewrites the reports. `--filter <package name>` limits either to one package.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { apiEntryPoints, diffLines, staleReportMessage, syncReports, UPDATE_COMMAND } from "./lib/api-report.ts";
import { repoRoot } from "./lib/registry.ts";
import { listPublicPackages } from "./release/workspace.ts";

const { values } = parseArgs({
  options: { update: { type: "boolean", default: false }, filter: { type: "string", multiple: true } },
});
const filter = new Set(values.filter ?? []);
let failures = 0;
let extractorProblems = 0;
let staleReports = 0;
for (const pkg of await listPublicPackages(repoRoot)) {
  if (filter.size > 0 && !filter.has(pkg.name)) continue;
  const missing = apiEntryPoints(pkg.manifest).filter((entry) => !existsSync(join(pkg.dir, entry.types)));
  if (missing.length > 0) {
    console.error(`FAIL ${pkg.name}: ${missing.map((e) => e.types).join(", ")} missing; run \`pnpm build\` first`);
    failures++;
    continue;
  }
  for (const outcome of syncReports(pkg.dir, pkg.manifest, values.update)) {
    const { entry, generated, status, committed } = outcome;
    const label = entry.subpath === "." ? pkg.name : `${pkg.name}/${entry.subpath.slice(2)}`;
    const rel = relative(repoRoot, outcome.path);
    for (const error of generated.errors) console.error(`       ${label}: ${error}`);
    if (generated.errors.length > 0) {
      failures++;
      extractorProblems += generated.errors.length;
    }
    if (values.update) {
      console.log(`${status === "same" ? "same   " : "updated"} ${label}: ${rel}`);
      continue;
    }
    if (status === "same") {
      console.log(`ok   ${label}: ${rel}`);
      continue;
    }
    failures++;
    staleReports++;
    console.error(`FAIL ${staleReportMessage(pkg.name, entry, rel, status)}`);
    for (const line of diffLines(committed ?? "", generated.text)) console.error(`       ${line}`);
  }
}
if (extractorProblems > 0) {
  console.error(
    `\napi-extractor reported ${extractorProblems} problem(s) above; an \`ae-undocumented\` one needs a TSDoc comment on that declaration in the package's src/ (generated code is exempt).`,
  );
}
if (values.update && failures > 0) console.error(`\n${failures} problem(s) while writing the API reports.`);
if (!values.update && staleReports > 0) {
  console.error(
    `\nThe public API differs from the committed reports. Run \`${UPDATE_COMMAND}\`, review the diff and commit it.`,
  );
}
if (failures > 0) process.exitCode = 1;

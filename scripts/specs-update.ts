/**
 * Vendors a provider's new OpenAPI document, regenerates that provider, runs its checks, rebuilds its
 * API reports and writes a changeset with the computed semver bump, as one transaction: nothing in the
 * tree changes unless every step passes, and Ctrl-C before the end changes nothing either.
 *
 *   pnpm specs:update <provider> [--from <file-or-url>] [--skip-checks] [--allow-lint-errors] [--timeout <ms>] [--verbose]
 */
import { parseArgs } from "node:util";
import { renderChangeList } from "./lib/spec-diff/index.ts";
import { formatLintProblem, type LintProblem, summarizeLintProblems } from "./lib/spec-lint.ts";
import { groupChanges } from "./lib/spec-update/changeset.ts";
import { cleanupOnInterrupt } from "./lib/spec-update/interrupt.ts";
import { updateSpec } from "./lib/spec-update/update.ts";

const USAGE =
  "usage: pnpm specs:update <provider> [--from <file-or-url>] [--skip-checks] [--allow-lint-errors] [--timeout <ms>] [--verbose]";

function describeLevel(level: "major" | "minor" | "patch"): string {
  return { major: "breaking changes", minor: "additions", patch: "documentation only" }[level];
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: "string" },
      "skip-checks": { type: "boolean", default: false },
      "allow-lint-errors": { type: "boolean", default: false },
      timeout: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const [provider] = positionals as [string];
  // The files are written in one synchronous step at the very end: until then, Ctrl-C changes nothing.
  const interrupted = cleanupOnInterrupt(() =>
    console.error("specs:update interrupted; nothing was changed (scratch copies removed)."),
  );
  const result = await updateSpec({
    provider,
    // pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    runChecks: !values["skip-checks"],
    allowLintErrors: values["allow-lint-errors"],
    apiReport: true,
    ...(values.from ? { from: values.from } : {}),
    ...(values.timeout ? { fetchTimeoutMs: Number(values.timeout) } : {}),
  });
  interrupted();
  if (result.status === "unchanged") {
    console.log(
      `${result.specFile} is already identical to the new document (sha256 ${result.sha256.slice(0, 12)}): nothing to do`,
    );
    return;
  }
  const lines = [
    `updated ${result.specFile} for ${result.packageName}: sha256 ${result.oldSha256.slice(0, 12)} -> ${result.newSha256.slice(0, 12)}`,
    `semver bump: ${result.bump} for ${result.packageName}@${result.version} (${describeLevel(result.changeLevel)}; changeset ${result.changesetFile})`,
    "",
    renderChangeList(values.verbose ? result.changes : groupChanges(result.changes)),
    "",
  ];
  const problems = (title: string, list: readonly LintProblem[]) => {
    if (list.length === 0) return;
    lines.push(`${title}: ${list.length}`);
    const details = values.verbose ? list.map(formatLintProblem) : summarizeLintProblems(list);
    for (const line of details) lines.push(`  ${line}`);
  };
  problems("lint errors accepted (--allow-lint-errors; rules recorded in knownLintRules)", result.acceptedErrors);
  problems(`lint errors of rules ${result.packageName} is known to break (not fatal)`, result.knownErrors);
  problems("lint warnings", result.warnings);
  if (!values.verbose && result.warnings.length + result.knownErrors.length > 0) {
    lines.push("  (per rule; --verbose prints every problem and every change)");
  }
  if (values["skip-checks"]) lines.push("typecheck and test skipped (--skip-checks)");
  lines.push(
    `package scripts passed in the scratch copy: ${result.checks.map((check) => `${check.script} (${check.durationMs} ms)`).join(", ")}`,
    `files written: ${result.written.join(", ")}`,
    `took ${result.timings.totalMs} ms (fetch ${result.timings.fetchMs}, validate ${result.timings.validateMs}, diff ${result.timings.diffMs}, generate ${result.timings.generateMs}, build dependencies ${result.timings.prepareMs}, checks ${result.timings.checksMs})`,
  );
  for (const report of result.apiReports) {
    lines.push(
      report.status === "same"
        ? `API report ${report.file}: unchanged`
        : `API report ${report.file}: ${report.status === "missing" ? "written" : "updated"} (public API changed)`,
    );
  }
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(`specs:update failed; nothing was changed.\n${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

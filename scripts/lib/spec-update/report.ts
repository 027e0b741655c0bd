/** What `specs:update` prints after an update: the bump, the changes, lint problems, checks, files and timings. */
import { renderChangeList } from "../spec-diff/index.ts";
import { formatLintProblem, type LintProblem, summarizeLintProblems } from "../spec-lint.ts";
import { groupChanges } from "./changeset.ts";
import type { UpdateSpecResult } from "./update.ts";

function describeLevel(level: "major" | "minor" | "patch"): string {
  return { major: "breaking changes", minor: "additions", patch: "documentation only" }[level];
}

/**
 * The terminal summary of an update: lint problems per rule (count, first location) and grouped
 * changes, or, with `verbose`, every problem and every change.
 */
export function describeUpdate(
  result: UpdateSpecResult & { status: "updated" },
  options: { verbose?: boolean; skippedChecks?: boolean } = {},
): string {
  const lines = [
    `updated ${result.specFile} for ${result.packageName}: sha256 ${result.oldSha256.slice(0, 12)} -> ${result.newSha256.slice(0, 12)}`,
    `semver bump: ${result.bump} for ${result.packageName}@${result.version} (${describeLevel(result.changeLevel)}; changeset ${result.changesetFile})`,
    "",
    renderChangeList(options.verbose ? result.changes : groupChanges(result.changes)),
    "",
  ];
  const problems = (title: string, list: readonly LintProblem[]) => {
    if (list.length === 0) return;
    lines.push(`${title}: ${list.length}`);
    const details = options.verbose ? list.map(formatLintProblem) : summarizeLintProblems(list);
    for (const line of details) lines.push(`  ${line}`);
  };
  problems("lint errors accepted (--allow-lint-errors; rules recorded in knownLintRules)", result.acceptedErrors);
  problems(`lint errors of rules ${result.packageName} is known to break (not fatal)`, result.knownErrors);
  problems("lint warnings", result.warnings);
  if (!options.verbose && result.warnings.length + result.knownErrors.length > 0) {
    lines.push("  (per rule; --verbose prints every problem and every change)");
  }
  if (options.skippedChecks) lines.push("typecheck and test skipped (--skip-checks)");
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
  return lines.join("\n");
}

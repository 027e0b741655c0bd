/**
 * Vendors a provider's new OpenAPI document, regenerates that provider, runs its checks and writes a
 * changeset with the computed semver bump. Nothing in the tree changes unless every step passes.
 *
 *   pnpm specs:update <provider> [--from <file-or-url>] [--skip-checks] [--allow-lint-errors] [--timeout <ms>]
 */
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { syncReports } from "./lib/api-report.ts";
import { readRegistry, repoRoot } from "./lib/registry.ts";
import { renderChangeList } from "./lib/spec-diff/index.ts";
import { formatLintProblem } from "./lib/spec-lint.ts";
import { updateSpec } from "./lib/spec-update/update.ts";
import { readManifest } from "./release/workspace.ts";

const USAGE =
  "usage: pnpm specs:update <provider> [--from <file-or-url>] [--skip-checks] [--allow-lint-errors] [--timeout <ms>]";

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
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const [provider] = positionals as [string];
  const result = await updateSpec({
    provider,
    // pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    runChecks: !values["skip-checks"],
    allowLintErrors: values["allow-lint-errors"],
    ...(values.from ? { from: values.from } : {}),
    ...(values.timeout ? { fetchTimeoutMs: Number(values.timeout) } : {}),
  });
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
    renderChangeList(result.changes),
    "",
  ];
  if (result.acceptedErrors.length > 0) {
    lines.push(
      `lint errors accepted (--allow-lint-errors; rules recorded in knownLintRules): ${result.acceptedErrors.length}`,
    );
    for (const problem of result.acceptedErrors) lines.push(`  ${formatLintProblem(problem)}`);
  }
  if (result.knownErrors.length > 0) {
    lines.push(
      `lint errors of rules ${result.packageName} is known to break (not fatal): ${result.knownErrors.length}`,
    );
    for (const problem of result.knownErrors) lines.push(`  ${formatLintProblem(problem)}`);
  }
  if (result.warnings.length > 0) {
    lines.push(`lint warnings: ${result.warnings.length}`);
    for (const problem of result.warnings) lines.push(`  ${formatLintProblem(problem)}`);
  }
  lines.push(
    result.checks.length > 0
      ? `package checks passed: ${result.checks.map((check) => `${check.script} (${check.durationMs} ms)`).join(", ")}`
      : "package checks skipped (--skip-checks)",
    `files written: ${result.written.join(", ")}`,
    `took ${result.timings.totalMs} ms (fetch ${result.timings.fetchMs}, validate ${result.timings.validateMs}, diff ${result.timings.diffMs}, generate ${result.timings.generateMs}, build dependencies ${result.timings.prepareMs}, checks ${result.timings.checksMs})`,
  );
  console.log(lines.join("\n"));
  console.log(apiReportLines(result.packageName).join("\n"));
}

/**
 * The update's public API change, for review next to the changeset: rebuilds the package and
 * rewrites its api-extractor reports (packages/<id>/review/*.api.md), as `pnpm api:update` does.
 */
function apiReportLines(packageName: string): string[] {
  execFileSync("pnpm", ["exec", "turbo", "run", "build", `--filter=${packageName}`, "--output-logs=errors-only"], {
    cwd: repoRoot,
    stdio: "inherit",
  });
  const id = readRegistry(repoRoot).providers.find((p) => p.packageName === packageName)?.id ?? packageName;
  const dir = `${repoRoot}/packages/${id}`;
  return syncReports(dir, readManifest(dir), true).map(({ path, status, generated }) => {
    const rel = path.slice(repoRoot.length + 1);
    if (generated.errors.length > 0) return `API report ${rel} not written: ${generated.errors.join("; ")}`;
    return status === "same" ? `API report ${rel}: unchanged` : `API report ${rel}: updated (public API changed)`;
  });
}

main().catch((error: unknown) => {
  console.error(`specs:update failed; nothing was changed.\n${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

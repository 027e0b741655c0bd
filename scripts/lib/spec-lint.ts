/**
 * Lints an OpenAPI document with @redocly/openapi-core's `recommended` rules. Errors the currently
 * vendored document already has are "known upstream" and listed, not fatal, so a provider's long-standing
 * quirk (Dollr's `servers: []`) does not block every update; any new error is fatal.
 */
import { createConfig, getLineColLocation, lintFromString, type NormalizedProblem } from "@redocly/openapi-core";

/** One lint finding with the file, line, JSON pointer and rule that produced it. */
export interface LintProblem {
  severity: "error" | "warn";
  ruleId: string;
  message: string;
  file: string;
  pointer: string;
  line?: number;
  col?: number;
}

/** Lint findings split into fatal errors, warnings and errors the baseline document already had. */
export interface LintResult {
  errors: LintProblem[];
  warnings: LintProblem[];
  knownErrors: LintProblem[];
}

let recommended: ReturnType<typeof createConfig> | undefined;

function toProblem(problem: NormalizedProblem, file: string): LintProblem {
  const location = problem.location[0];
  const out: LintProblem = {
    severity: problem.severity === "error" ? "error" : "warn",
    ruleId: problem.ruleId,
    message: problem.message,
    file,
    pointer: location?.pointer ?? "#/",
  };
  if (location) {
    const { start } = getLineColLocation(location);
    out.line = start.line;
    out.col = start.col;
  }
  return out;
}

async function lintText(text: string, file: string): Promise<LintProblem[]> {
  recommended ??= createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({ source: text, absoluteRef: `/${file}`, config: await recommended });
  return problems.map((problem) => toProblem(problem, file));
}

const identity = (problem: LintProblem) => `${problem.ruleId}|${problem.pointer}`;

/** Lints `text` (reported as `file`); errors also present in `baselineText` become known errors. */
export async function lintSpec(
  text: string,
  file: string,
  options: { baselineText?: string } = {},
): Promise<LintResult> {
  const problems = await lintText(text, file);
  const known = options.baselineText
    ? new Set((await lintText(options.baselineText, file)).filter((p) => p.severity === "error").map(identity))
    : new Set<string>();
  const result: LintResult = { errors: [], warnings: [], knownErrors: [] };
  for (const problem of problems) {
    if (problem.severity === "warn") result.warnings.push(problem);
    else if (known.has(identity(problem))) result.knownErrors.push(problem);
    else result.errors.push(problem);
  }
  return result;
}

/** `file:line:col severity rule-id: message (pointer)`, the form every lint message is printed in. */
export function formatLintProblem(problem: LintProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col ?? 1}`;
  return `${where} ${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.pointer})`;
}

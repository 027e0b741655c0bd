/**
 * Lints an OpenAPI document with @redocly/openapi-core's `recommended` rules. Known problems are matched
 * by rule, not by location: a rule the provider is known to break (its registry entry's
 * `knownLintRules`, or any rule the currently vendored document already breaks) is listed, never fatal,
 * wherever it fires, so a NestJS document without summaries stays updatable as operations are added.
 * An error of any other rule is fatal.
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

/**
 * Lints `text` (reported as `file`); errors of a rule in `knownRules` or broken by `baselineText` become
 * known errors, all other errors are fatal.
 */
export async function lintSpec(
  text: string,
  file: string,
  options: { baselineText?: string; knownRules?: readonly string[] } = {},
): Promise<LintResult> {
  const problems = await lintText(text, file);
  const known = new Set(options.knownRules ?? []);
  if (options.baselineText) {
    for (const problem of await lintText(options.baselineText, file)) {
      if (problem.severity === "error") known.add(problem.ruleId);
    }
  }
  const result: LintResult = { errors: [], warnings: [], knownErrors: [] };
  for (const problem of problems) {
    if (problem.severity === "warn") result.warnings.push(problem);
    else if (known.has(problem.ruleId)) result.knownErrors.push(problem);
    else result.errors.push(problem);
  }
  return result;
}

/** The sorted, de-duplicated rule ids of some problems (what a registry's `knownLintRules` records). */
export function ruleIdsOf(...lists: readonly (readonly LintProblem[] | readonly string[])[]): string[] {
  const ids = new Set<string>();
  for (const list of lists) for (const item of list) ids.add(typeof item === "string" ? item : item.ruleId);
  return [...ids].sort();
}

/** `file:line:col severity rule-id: message (pointer)`, the form every lint message is printed in. */
export function formatLintProblem(problem: LintProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col ?? 1}`;
  return `${where} ${problem.severity} ${problem.ruleId}: ${problem.message} (${problem.pointer})`;
}

/**
 * Lints an OpenAPI document with @redocly/openapi-core's `recommended` rules. Known problems are matched
 * by rule, not by location: a rule the provider is known to break (its registry entry's
 * `knownLintRules`, or any rule the currently vendored document already breaks) is listed, never fatal,
 * wherever it fires, so a NestJS document without summaries stays updatable as operations are added.
 * An error of any other rule is fatal. Big documents: locations come from a line table built once (not
 * redocly's per-problem rescan) and the rules a document breaks are cached by its sha256.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  createConfig,
  getAstNodeByPointer,
  getLineColLocation,
  type LocationObject,
  lintFromString,
  type NormalizedProblem,
} from "@redocly/openapi-core";

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

/**
 * Line and column of a problem's location. Redocly's `getLineColLocation` counts lines from the start of
 * the text for every problem, which is quadratic on a 13 MB document with 1,700 warnings; this finds the
 * same AST node and maps its offset through line starts computed once per document.
 */
class Locator {
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  locate(location: LocationObject): { line: number; col: number } {
    if (location.pointer === undefined) return getLineColLocation(location).start;
    let ast: Parameters<typeof getAstNodeByPointer>[0];
    try {
      // Parsed (and cached on the source) by the first getLineColLocation call below.
      ast = location.source.getAst(() => {
        throw new Error("not parsed yet");
      }) as Parameters<typeof getAstNodeByPointer>[0];
    } catch {
      return getLineColLocation(location).start;
    }
    const node = getAstNodeByPointer(ast, location.pointer, Boolean(location.reportOnKey));
    const start = node?.startPosition ?? 1;
    const end = node?.endPosition ?? 1;
    if (start <= 0 || start >= end) return getLineColLocation(location).start;
    return this.position(start);
  }

  /** 1-based line and column of the character at `offset`. */
  private position(offset: number): { line: number; col: number } {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let index = this.text.indexOf("\n"); index >= 0; index = this.text.indexOf("\n", index + 1)) {
        this.lineStarts.push(index + 1);
      }
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, col: offset - (starts[low] as number) + 1 };
  }
}

function toProblem(problem: NormalizedProblem, file: string, locator: Locator): LintProblem {
  const location = problem.location[0];
  const out: LintProblem = {
    severity: problem.severity === "error" ? "error" : "warn",
    ruleId: problem.ruleId,
    message: problem.message,
    file,
    pointer: location?.pointer ?? "#/",
  };
  if (location) {
    const { line, col } = locator.locate(location);
    out.line = line;
    out.col = col;
  }
  return out;
}

async function lintText(text: string, file: string): Promise<LintProblem[]> {
  recommended ??= createConfig({ extends: ["recommended"] });
  const problems = await lintFromString({ source: text, absoluteRef: `/${file}`, config: await recommended });
  const locator = new Locator(text);
  return problems.map((problem) => toProblem(problem, file, locator));
}

/** The linter and rule set a cached result came from: another version of either is another key. */
const LINTER = `@redocly/openapi-core@${(createRequire(import.meta.url)("@redocly/openapi-core/package.json") as { version: string }).version} recommended`;

/** Where the error rules of one document (by sha256, with the linter's identity) are remembered between runs. */
function cacheFile(cacheDir: string, text: string): string {
  return join(cacheDir, `${createHash("sha256").update(LINTER).update("\0").update(text).digest("hex")}.json`);
}

function readCachedRules(cacheDir: string | undefined, text: string): string[] | undefined {
  if (!cacheDir) return undefined;
  try {
    const cached = JSON.parse(readFileSync(cacheFile(cacheDir, text), "utf8")) as { errorRules?: unknown };
    return Array.isArray(cached.errorRules) ? cached.errorRules.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function writeCachedRules(cacheDir: string | undefined, text: string, problems: LintProblem[]): void {
  if (!cacheDir) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const errorRules = ruleIdsOf(problems.filter((problem) => problem.severity === "error"));
    writeFileSync(cacheFile(cacheDir, text), JSON.stringify({ errorRules }));
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}

/**
 * Lints `text` (reported as `file`); errors of a rule in `knownRules` or broken by `baselineText` become
 * known errors, all other errors are fatal. With `cacheDir`, the rules a document breaks are remembered
 * by its sha256: the baseline (the document the previous update vendored) is then not linted again.
 */
export async function lintSpec(
  text: string,
  file: string,
  options: { baselineText?: string; knownRules?: readonly string[]; cacheDir?: string } = {},
): Promise<LintResult> {
  const problems = await lintText(text, file);
  writeCachedRules(options.cacheDir, text, problems);
  const known = new Set(options.knownRules ?? []);
  if (options.baselineText) {
    let baselineRules = readCachedRules(options.cacheDir, options.baselineText);
    if (baselineRules === undefined) {
      const baselineProblems = await lintText(options.baselineText, file);
      writeCachedRules(options.cacheDir, options.baselineText, baselineProblems);
      baselineRules = ruleIdsOf(baselineProblems.filter((problem) => problem.severity === "error"));
    }
    for (const rule of baselineRules) known.add(rule);
  }
  const result: LintResult = { errors: [], warnings: [], knownErrors: [] };
  for (const problem of problems) {
    if (problem.severity === "warn") result.warnings.push(problem);
    else if (known.has(problem.ruleId)) result.knownErrors.push(problem);
    else result.errors.push(problem);
  }
  return result;
}

/**
 * One line per rule, most frequent first: `rule-id: count (first at file:line:col)`; what the terminal
 * shows of a long list of problems (every problem is printed with `--verbose`).
 */
export function summarizeLintProblems(problems: readonly LintProblem[]): string[] {
  const byRule = new Map<string, LintProblem[]>();
  for (const problem of problems) byRule.set(problem.ruleId, [...(byRule.get(problem.ruleId) ?? []), problem]);
  return [...byRule]
    .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
    .map(([rule, list]) => {
      const first = list[0] as LintProblem;
      const where = first.line === undefined ? first.file : `${first.file}:${first.line}:${first.col ?? 1}`;
      return `${rule}: ${list.length} (first at ${where})`;
    });
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

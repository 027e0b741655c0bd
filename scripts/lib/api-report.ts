/**
 * Public API reports: runs @microsoft/api-extractor on the built `.d.ts` of every public entry point
 * (`exports` subpath) of a package and compares the report with the committed
 * `packages/<id>/review/<name>.api.md`, the way the Azure SDK and TypeScript review API changes.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  Extractor,
  ExtractorConfig,
  ExtractorLogLevel,
  type ExtractorMessage,
  type IConfigFile,
} from "@microsoft/api-extractor";

/** The package.json fields an API report reads. */
export interface ApiManifest {
  name: string;
  exports?: unknown;
}

/** One public entry point: an `exports` subpath and the declaration file its `import` condition names. */
export interface ApiEntryPoint {
  subpath: string;
  /** Declaration file, relative to the package folder (`./dist/index.d.ts`). */
  types: string;
  /** Report file name without folder: `dollr.api.md`, `dollr-testing.api.md`. */
  reportFile: string;
}

/** The folder (inside the package) that holds the committed reports. */
export const REPORT_FOLDER = "review";

/** The command that rewrites every report from the current build. */
export const UPDATE_COMMAND = "pnpm api:update";

/** The entry points of a manifest whose `exports` subpath has `import.types` (or `types`). */
export function apiEntryPoints(manifest: ApiManifest): ApiEntryPoint[] {
  const unscoped = manifest.name.replace(/^@[^/]+\//, "");
  const entries: ApiEntryPoint[] = [];
  if (manifest.exports === null || typeof manifest.exports !== "object") return entries;
  for (const [subpath, target] of Object.entries(manifest.exports as Record<string, unknown>)) {
    const types = typesOf(target);
    if (types === undefined) continue;
    const suffix = subpath === "." ? "" : `-${subpath.replace(/^\.\//, "").replace(/[^\w.-]+/g, "-")}`;
    entries.push({ subpath, types, reportFile: `${unscoped}${suffix}.api.md` });
  }
  return entries;
}

function typesOf(target: unknown): string | undefined {
  if (target === null || typeof target !== "object") return undefined;
  const conditions = target as Record<string, unknown>;
  const esm = conditions.import;
  if (esm !== null && typeof esm === "object" && typeof (esm as Record<string, unknown>).types === "string") {
    return (esm as Record<string, string>).types;
  }
  return typeof conditions.types === "string" ? conditions.types : undefined;
}

/** What api-extractor produced for one entry point. */
export interface GeneratedReport {
  entry: ApiEntryPoint;
  /** The report text api-extractor wrote (LF line endings). */
  text: string;
  /** api-extractor errors (compiler or analysis); any of them fails the check. */
  errors: string[];
}

/** Runs api-extractor for one entry point of the package in `dir` and returns the report text. */
export function generateReport(dir: string, entry: ApiEntryPoint): GeneratedReport {
  const scratch = mkdtempSync(join(tmpdir(), "scope-api-"));
  try {
    const configObject: IConfigFile = {
      projectFolder: dir,
      mainEntryPointFilePath: join(dir, entry.types),
      bundledPackages: [],
      newlineKind: "lf",
      compiler: {
        overrideTsconfig: {
          compilerOptions: {
            module: "nodenext",
            moduleResolution: "nodenext",
            target: "es2022",
            lib: ["es2022", "dom"],
            strict: true,
            types: [],
          },
          files: [join(dir, entry.types)],
        },
      },
      apiReport: {
        enabled: true,
        reportFileName: entry.reportFile,
        // Both folders are scratch: the comparison with review/ is ours (compareReport), so the check
        // and the update share one code path and nothing is written into the package by api-extractor.
        reportFolder: join(scratch, "temp"),
        reportTempFolder: join(scratch, "temp"),
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: {
        compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
        extractorMessageReporting: {
          default: { logLevel: ExtractorLogLevel.Warning },
          // We publish no @alpha/@beta split: everything exported is public.
          "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None },
          // Every public declaration and member carries a doc comment (issue 24 item 4), except the
          // generated OpenAPI types: see isExemptFromDocs.
          "ae-undocumented": { logLevel: ExtractorLogLevel.Error },
          "ae-unresolved-link": { logLevel: ExtractorLogLevel.None },
          // A type the surface uses but does not export is written into the report for review.
          "ae-forgotten-export": { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
        },
        tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
      },
    };
    const config = ExtractorConfig.prepare({
      configObject,
      configObjectFullPath: undefined,
      packageJsonFullPath: join(dir, "package.json"),
    });
    const errors: string[] = [];
    try {
      invoke(config, dir, errors);
    } catch (error) {
      // api-extractor throws (rather than reports) on some unresolvable declarations.
      errors.push(error instanceof Error ? error.message : String(error));
      return { entry, text: "", errors };
    }
    const text = readFileSync(join(scratch, "temp", entry.reportFile), "utf8");
    return { entry, text, errors };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Whether a declaration file holds generated code: `src/generated/*.gen.ts` and what the bundler makes
 * of it (`dist/openapi.gen-XXXX.d.ts` chunks, any other `*.gen.*` or `*.gen-*` output).
 */
export function isGeneratedSource(path: string): boolean {
  return /\.gen[.-]/.test(basename(path));
}

/**
 * Whether `lines[line - 1]` opens the namespace the declaration bundler writes for `export * as name from`:
 * `declare namespace name {` whose only content is an `export { ... }` list. The bundler drops the doc
 * comment of the `export * as` line, so that shell can carry none. (api-extractor does not look inside such
 * a namespace either: its members are documented in their own module, e.g. auth-core's `schema.ts`.)
 */
export function isReexportNamespace(lines: readonly string[], line: number): boolean {
  return (
    /^declare namespace [\w$]+ \{$/.test(lines[line - 1] ?? "") &&
    /^\s*export \{[^}]*\};$/.test(lines[line] ?? "") &&
    (lines[line + 1] ?? "") === "}"
  );
}

/**
 * Whether an api-extractor message is exempt from failing the check: an `ae-undocumented` item declared
 * in generated code (openapi-typescript's `paths`, `components`, `operations`, ...), which the OpenAPI
 * document documents and only the generator writes; or the bundler's shell of an `export * as`
 * namespace (see isReexportNamespace). `readLines` gives a declaration file's lines.
 */
export function isExemptFromDocs(
  message: Pick<ExtractorMessage, "messageId" | "sourceFilePath" | "sourceFileLine">,
  readLines: (path: string) => readonly string[] = linesOf,
): boolean {
  const { messageId, sourceFilePath, sourceFileLine } = message;
  if (messageId !== "ae-undocumented" || sourceFilePath === undefined) return false;
  if (isGeneratedSource(sourceFilePath)) return true;
  return sourceFileLine !== undefined && isReexportNamespace(readLines(sourceFilePath), sourceFileLine);
}

function linesOf(path: string): string[] {
  return existsSync(path) ? readFileSync(path, "utf8").split(/\r?\n/) : [];
}

function invoke(config: ExtractorConfig, dir: string, errors: string[]): void {
  Extractor.invoke(config, {
    localBuild: true,
    showVerboseMessages: false,
    messageCallback: (message) => {
      if (isExemptFromDocs(message)) {
        message.handled = true;
        return;
      }
      if (message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning) {
        errors.push(message.formatMessageWithLocation(dir));
      }
      message.handled = true;
    },
  });
}

/** The committed report path of an entry point, inside the package folder. */
export function reportPath(dir: string, entry: ApiEntryPoint): string {
  return join(dir, REPORT_FOLDER, entry.reportFile);
}

/** How a generated report compares with the committed one. */
export type ReportStatus = "same" | "changed" | "missing";

/** Compares a generated report with the committed text (`undefined` when no report is committed). */
export function compareReport(generated: string, committed: string | undefined): ReportStatus {
  if (committed === undefined) return "missing";
  return normalise(committed) === normalise(generated) ? "same" : "changed";
}

function normalise(text: string): string {
  return text.replace(/\r\n/g, "\n");
}

/** A short line-level diff (removed `-`, added `+`) for the check's output; at most `limit` lines. */
export function diffLines(before: string, after: string, limit = 40): string[] {
  const a = normalise(before).split("\n");
  const b = normalise(after).split("\n");
  const inB = new Set(b);
  const inA = new Set(a);
  const out = [
    ...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`),
    ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`),
  ];
  return out.length > limit ? [...out.slice(0, limit), `  ... ${out.length - limit} more line(s)`] : out;
}

/** The message the check prints for a report that differs from the build (names the fix command). */
export function staleReportMessage(
  packageName: string,
  entry: ApiEntryPoint,
  path: string,
  status: ReportStatus,
): string {
  const target = entry.subpath === "." ? packageName : `${packageName}/${entry.subpath.replace(/^\.\//, "")}`;
  const what = status === "missing" ? `has no committed API report (${path})` : `no longer matches ${path}`;
  return `${target}: the public API ${what}. If the change is intended, run \`${UPDATE_COMMAND}\` and commit ${path} so reviewers see it.`;
}

/** One entry point's outcome when reports are checked or written. */
export interface ReportOutcome {
  entry: ApiEntryPoint;
  path: string;
  status: ReportStatus;
  committed: string | undefined;
  generated: GeneratedReport;
}

/**
 * Generates the reports of the built package in `dir` and compares each with the committed one;
 * with `write`, rewrites every report that differs (the `pnpm api:update` and `specs:update` path).
 */
export function syncReports(dir: string, manifest: ApiManifest, write: boolean): ReportOutcome[] {
  return apiEntryPoints(manifest).map((entry) => {
    const path = reportPath(dir, entry);
    const committed = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    const generated = generateReport(dir, entry);
    const status = compareReport(generated.text, committed);
    if (write && status !== "same" && generated.errors.length === 0) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, generated.text);
    }
    return { entry, path, status, committed, generated };
  });
}

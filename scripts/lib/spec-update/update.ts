/**
 * `specs:update`: vendors a provider's new document after validating it, regenerates that provider,
 * runs its package checks against the new code and writes a changeset, all or nothing.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { type GeneratedFile, generateProvider } from "../generate-provider.ts";
import {
  formatRegistry,
  type ProviderEntry,
  packageDir,
  readRegistry,
  registryPath,
  repoRoot,
  sha256,
  specPath,
} from "../registry.ts";
import { type ChangeLevel, diffSpecs, type SpecChange } from "../spec-diff/index.ts";
import { parseSpecText } from "../spec-facts.ts";
import { formatLintProblem, type LintProblem, lintSpec, ruleIdsOf } from "../spec-lint.ts";
import { checkTokenOperation } from "../token-operation.ts";
import { changesetHeadline, changesetPath, changesetText } from "./changeset.ts";
import { buildDependencies, type PackageCheckResult, runPackageChecks } from "./package-checks.ts";
import { releaseBump } from "./semver-policy.ts";
import { readSpecSource } from "./source.ts";
import { commitStagedFiles, type StagedFile } from "./transaction.ts";

/** A new document was rejected; the message names the file, the location and the rule. */
export class SpecUpdateError extends Error {
  override name = "SpecUpdateError";
}

/** Options of {@link updateSpec}. */
export interface UpdateSpecOptions {
  /** Provider id (or package name) from specs/registry.json. */
  provider: string;
  /** File path or URL; defaults to the registry's `upstreamUrl`. */
  from?: string;
  root?: string;
  /** Working directory `from` is relative to. */
  cwd?: string;
  /** Run the package's typecheck and test scripts against the new code (default true). */
  runChecks?: boolean;
  /**
   * Accept lint errors of rules the provider was not known to break; their rules are recorded in the
   * registry's `knownLintRules`, so later updates list them instead of failing (default false).
   */
  allowLintErrors?: boolean;
  /**
   * Build the new code in the scratch copy and stage its API reports (`review/*.api.md`, as
   * `pnpm api:update` writes them) with the rest of the update, so they are written all or nothing;
   * a build that fails leaves the tree untouched, even with `runChecks: false` (default false).
   */
  apiReport?: boolean;
  /**
   * Build the package's workspace dependencies first (`turbo run build --filter=<package>^...`) so the
   * checks resolve them on a fresh clone (default: when checks run).
   */
  buildDependencies?: boolean;
  /** The fetch date written to the registry (default today, UTC). */
  today?: string;
  fetchTimeoutMs?: number;
  fetch?: typeof fetch;
}

/** What an update did (or, for `unchanged`, found). */
export type UpdateSpecResult =
  | { status: "unchanged"; provider: string; specFile: string; sha256: string }
  | {
      status: "updated";
      provider: string;
      packageName: string;
      specFile: string;
      oldSha256: string;
      newSha256: string;
      /** The changesets bump written (see semver-policy.ts: breaking is a minor while the package is 0.x). */
      bump: ChangeLevel;
      /** The classifier's verdict before the 0.x policy: breaking (major), additive (minor) or docs (patch). */
      changeLevel: ChangeLevel;
      /** The package version the bump applies to. */
      version: string;
      changes: SpecChange[];
      warnings: LintProblem[];
      knownErrors: LintProblem[];
      /** Errors of new rules accepted with `allowLintErrors`. */
      acceptedErrors: LintProblem[];
      changesetFile: string;
      written: string[];
      checks: PackageCheckResult[];
      /** API reports of the new code, by path; empty unless `apiReport` was set. */
      apiReports: { file: string; status: "same" | "changed" | "missing" }[];
      timings: Record<
        "fetchMs" | "validateMs" | "diffMs" | "generateMs" | "prepareMs" | "checksMs" | "totalMs",
        number
      >;
    };

function findProvider(providers: ProviderEntry[], name: string): ProviderEntry {
  const entry = providers.find((candidate) => candidate.id === name || candidate.packageName === name);
  if (!entry) {
    throw new SpecUpdateError(
      `unknown provider "${name}"; specs/registry.json lists: ${providers.map((p) => p.id).join(", ")}`,
    );
  }
  return entry;
}

/** The file name a document is vendored under: the entry's own, unless the document's format changed. */
function vendoredSpecName(entry: ProviderEntry, text: string): string {
  const format = text.trimStart().startsWith("{") ? "json" : "yaml";
  const current = extname(entry.spec) === ".json" ? "json" : "yaml";
  return format === current ? entry.spec : `${entry.id}.openapi.${format}`;
}

/** When the spec file is renamed: delete the old one and point the package's turbo inputs at the new one. */
function renamedSpecFiles(entry: ProviderEntry, specName: string, root: string): StagedFile[] {
  const turboFile = join(packageDir(entry, root), "turbo.json");
  const turbo = existsSync(turboFile) ? readFileSync(turboFile, "utf8") : undefined;
  return [
    { path: specPath(entry, root), contents: null },
    ...(turbo === undefined
      ? []
      : [{ path: turboFile, contents: turbo.replaceAll(`/specs/${entry.spec}"`, `/specs/${specName}"`) }]),
  ];
}

function packageVersion(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version?: unknown };
  if (typeof manifest.version !== "string") throw new SpecUpdateError(`${dir}/package.json has no version`);
  return manifest.version;
}

function describeVersion(document: Record<string, unknown>): string {
  const info = document.info as { version?: unknown };
  return String(info.version);
}

/** Validates, stages and (only if everything passes) writes a provider's new document. */
export async function updateSpec(options: UpdateSpecOptions): Promise<UpdateSpecResult> {
  const started = performance.now();
  const root = options.root ?? repoRoot;
  const registry = readRegistry(root);
  const entry = findProvider(registry.providers, options.provider);
  const specFile = specPath(entry, root);
  const specRelative = relative(root, specFile).split("\\").join("/");

  const source = await readSpecSource(options.from ?? entry.upstreamUrl, {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.fetchTimeoutMs ? { timeoutMs: options.fetchTimeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const fetchMs = performance.now() - started;
  const oldBytes = readFileSync(specFile);
  const newSha = sha256(source.bytes);
  if (newSha === sha256(oldBytes))
    return { status: "unchanged", provider: entry.id, specFile: specRelative, sha256: newSha };

  const text = source.bytes.toString("utf8");
  // The document keeps its own format and a matching name: a provider that now publishes JSON is
  // vendored as `<id>.openapi.json` (and the YAML copy removed), byte for byte. Lint locations name it.
  const specName = vendoredSpecName(entry, text);
  const newSpecFile = join(root, "specs", specName);
  const newSpecRelative = `specs/${specName}`;
  const renamed = specName !== entry.spec;
  const label = `${newSpecRelative} (new, from ${source.origin})`;
  const document = parseSpecText(text, label);
  const oldDocument = parseSpecText(oldBytes.toString("utf8"), specRelative);
  const lint = await lintSpec(text, newSpecRelative, {
    baselineText: oldBytes.toString("utf8"),
    cacheDir: join(root, "node_modules/.cache/scope-spec-lint"),
    knownRules: entry.knownLintRules ?? [],
  });
  if (lint.errors.length > 0 && !options.allowLintErrors) {
    throw new SpecUpdateError(
      `${label} fails lint (redocly recommended):\n${lint.errors.map((p) => `  ${formatLintProblem(p)}`).join("\n")}\n` +
        `  (rules ${entry.title} is known to break: ${ruleIdsOf(entry.knownLintRules ?? [], lint.knownErrors).join(", ") || "none"}; ` +
        "pass --allow-lint-errors to accept these rules too and record them in specs/registry.json knownLintRules)",
    );
  }
  const knownLintRules = ruleIdsOf(entry.knownLintRules ?? [], lint.knownErrors, lint.errors);
  if (entry.tokenOperation) {
    const problems = checkTokenOperation(document, entry.tokenOperation);
    if (problems.length > 0) {
      throw new SpecUpdateError(
        `${label}: the ${entry.title} token dialect cannot handle this document:\n${problems.map((p) => `  ${p}`).join("\n")}\n` +
          `  (expectations: specs/registry.json providers[id=${entry.id}].tokenOperation)`,
      );
    }
  }
  const validateMs = performance.now() - started - fetchMs;

  const diffStarted = performance.now();
  const diff = diffSpecs(oldDocument, document);
  const changeLevel: ChangeLevel = diff.bump ?? "patch";
  const version = packageVersion(packageDir(entry, root));
  const bump = releaseBump(changeLevel, version);
  const changes: SpecChange[] =
    diff.changes.length > 0
      ? diff.changes
      : [{ level: "patch", message: "Upstream re-published the document with no change to the API", operations: [] }];

  const diffMs = performance.now() - diffStarted;

  const generateStarted = performance.now();
  const generated: GeneratedFile[] = await generateProvider(entry, { root, specText: text, specFile: newSpecFile });
  const generateMs = performance.now() - generateStarted;

  const prepareStarted = performance.now();
  const runChecks = options.runChecks !== false;
  const apiReport = options.apiReport === true;
  const prepare = options.buildDependencies ?? (runChecks || apiReport);
  if (prepare) await buildDependencies({ root, packageName: entry.packageName });
  const prepareMs = performance.now() - prepareStarted;

  const checksStarted = performance.now();
  const { checks, reports } =
    runChecks || apiReport
      ? await runPackageChecks({
          root,
          packageDir: packageDir(entry, root),
          generated,
          extraFiles: [{ path: newSpecRelative, contents: source.bytes }],
          scripts: runChecks ? ["typecheck", "test"] : [],
          apiReport,
        })
      : { checks: [], reports: [] };
  const checksMs = performance.now() - checksStarted;

  const updatedEntry: ProviderEntry = {
    ...entry,
    fetchedAt: options.today ?? new Date().toISOString().slice(0, 10),
    sha256: newSha,
    spec: specName,
    ...(knownLintRules.length > 0 ? { knownLintRules } : {}),
  };
  const updatedRegistry = {
    ...registry,
    providers: registry.providers.map((candidate) => (candidate === entry ? updatedEntry : candidate)),
  };
  const slug = `${entry.id}-spec-${newSha.slice(0, 8)}`;
  const changesetFile = changesetPath(root, slug);
  const headline = changesetHeadline({
    title: entry.title,
    oldVersion: describeVersion(oldDocument),
    newVersion: describeVersion(document),
    sha256: newSha,
    changes,
    ...(renamed ? { note: `The document is now vendored as ${newSpecRelative} (the format it is published in).` } : {}),
  });
  const files: StagedFile[] = [
    { path: newSpecFile, contents: source.bytes },
    ...(renamed ? renamedSpecFiles(entry, specName, root) : []),
    { path: registryPath(root), contents: formatRegistry(updatedRegistry) },
    { path: changesetFile, contents: changesetText({ packageName: entry.packageName, bump, headline, changes }) },
    ...reports
      .filter((report) => report.status !== "same")
      .map((report) => ({ path: join(packageDir(entry, root), report.path), contents: report.text })),
  ];
  commitStagedFiles(files, { packageDir: packageDir(entry, root), files: generated });

  const rel = (path: string) => relative(root, path).split("\\").join("/");
  return {
    status: "updated",
    provider: entry.id,
    packageName: entry.packageName,
    specFile: newSpecRelative,
    oldSha256: sha256(oldBytes),
    newSha256: newSha,
    bump,
    changeLevel,
    version,
    changes,
    warnings: lint.warnings,
    knownErrors: lint.knownErrors,
    acceptedErrors: lint.errors,
    changesetFile: rel(changesetFile),
    written: [
      ...files.map((file) => (file.contents === null ? `${rel(file.path)} (removed)` : rel(file.path))),
      ...generated.map((file) => `packages/${entry.id}/${file.path}`),
    ],
    checks,
    apiReports: reports.map((report) => ({ file: `packages/${entry.id}/${report.path}`, status: report.status })),
    timings: {
      fetchMs: Math.round(fetchMs),
      validateMs: Math.round(validateMs),
      diffMs: Math.round(diffMs),
      generateMs: Math.round(generateMs),
      prepareMs: Math.round(prepareMs),
      checksMs: Math.round(checksMs),
      totalMs: Math.round(performance.now() - started),
    },
  };
}

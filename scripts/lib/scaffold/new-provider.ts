/**
 * `new-provider`: vendors a fourth (fifth, ...) provider's document, adds its registry entry and
 * scaffolds packages/<id> on auth-core's standard RFC 6749 dialect, assembled like the hand-tuned
 * providers: createClientCredentialsClient, options through clientOptionsResolver, a `/testing` entry
 * from auth-core's generic provider mock, and the shared provider suite as its test. Everything that lists providers
 * (generation, drift check, turbo, CI, release) reads the registry or the workspace, so nothing else
 * needs editing.
 */
import { existsSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { generateProvider } from "../generate-provider.ts";
import {
  formatRegistry,
  type ProviderEntry,
  packageDir,
  readRegistry,
  registryPath,
  repoRoot,
  sha256,
  specPath,
  validateRegistry,
} from "../registry.ts";
import { parseSpecText, specFacts } from "../spec-facts.ts";
import { formatLintProblem, type LintProblem, lintSpec, ruleIdsOf } from "../spec-lint.ts";
import { readSpecSource } from "../spec-update/source.ts";
import { commitStagedFiles, type StagedFile } from "../spec-update/transaction.ts";
import { findTokenPath, rfc6749Expectation } from "../token-operation.ts";
import { formatWithBiome } from "./format.ts";
import {
  clientTestTs,
  clientTs,
  indexTs,
  mockServerBinJs,
  mockServerCliTs,
  optionsTs,
  packageJson,
  pascalCase,
  readme,
  type ScaffoldFacts,
  testingServerTs,
  testingTs,
  tsconfigJson,
  turboJson,
  validationTs,
  vitestConfigTs,
} from "./templates.ts";

/** The provider could not be scaffolded; nothing was written. */
export class NewProviderError extends Error {
  override name = "NewProviderError";
}

/** Options of {@link scaffoldProvider}. */
export interface NewProviderOptions {
  /** Lowercase id: the package becomes @scope/<id> in packages/<id>. */
  id: string;
  /** The provider's OpenAPI document: a file path or an http(s) URL. */
  spec: string;
  /** Path of the token operation in the document (found automatically when there is one candidate). */
  tokenPath?: string;
  /** Display name; default: the id, capitalised. */
  title?: string;
  /** Where the provider publishes the document; default: `spec` when it is a URL. */
  upstreamUrl?: string;
  /** Accept lint errors in the upstream document (their rules are recorded in the registry's `knownLintRules`). */
  allowLintErrors?: boolean;
  root?: string;
  cwd?: string;
  today?: string;
}

/** What was scaffolded. */
export interface NewProviderResult {
  entry: ProviderEntry;
  written: string[];
  warnings: LintProblem[];
  acceptedErrors: LintProblem[];
  facts: ScaffoldFacts;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

function openapiFetchRange(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, "packages/auth-core/package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return manifest.dependencies?.["openapi-fetch"] ?? "^0.17.0";
}

function probeOperation(
  document: Record<string, unknown>,
  skip: (method: string, path: string) => boolean,
): { method: string; path: string } | undefined {
  for (const [path, item] of Object.entries((document.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const method of METHODS) {
      if (item?.[method] && !skip(method, path)) return { method, path };
    }
  }
  return undefined;
}

/** Validates the document and writes the spec, registry entry and package in one all-or-nothing step. */
export async function scaffoldProvider(options: NewProviderOptions): Promise<NewProviderResult> {
  const root = options.root ?? repoRoot;
  const id = options.id;
  if (!/^[a-z][a-z0-9-]*$/.test(id))
    throw new NewProviderError(`"${id}" is not a valid id (lowercase letters, digits, -)`);
  const registry = readRegistry(root);
  if (registry.providers.some((entry) => entry.id === id)) {
    throw new NewProviderError(`"${id}" is already in specs/registry.json; use pnpm specs:update ${id}`);
  }
  if (existsSync(join(root, "packages", id))) throw new NewProviderError(`packages/${id} already exists`);
  const upstreamUrl = options.upstreamUrl ?? (/^https?:\/\//.test(options.spec) ? options.spec : undefined);
  if (!upstreamUrl) {
    throw new NewProviderError(
      "pass --upstream-url <url>: where the provider publishes the document (specs:update reads it)",
    );
  }

  const source = await readSpecSource(options.spec, options.cwd ? { cwd: options.cwd } : {});
  const text = source.bytes.toString("utf8");
  const extension = extname(new URL(options.spec, "file:///").pathname).slice(1).toLowerCase();
  const format = ["yaml", "yml", "json"].includes(extension)
    ? extension
    : text.trimStart().startsWith("{")
      ? "json"
      : "yaml";
  const specFileName = `${id}.openapi.${format}`;
  const specRelative = `specs/${specFileName}`;
  const document = parseSpecText(text, `${specRelative} (from ${source.origin})`);
  const lint = await lintSpec(text, specRelative);
  if (lint.errors.length > 0 && !options.allowLintErrors) {
    throw new NewProviderError(
      `${specRelative} fails lint (redocly recommended):\n${lint.errors.map((p) => `  ${formatLintProblem(p)}`).join("\n")}\n` +
        "  (pass --allow-lint-errors to vendor the upstream document as it is; its rules are recorded in specs/registry.json knownLintRules)",
    );
  }

  const candidates = findTokenPath(document);
  const tokenPath = options.tokenPath ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!tokenPath) {
    throw new NewProviderError(
      candidates.length === 0
        ? "no token operation found (a POST taking a form body with grant_type, or a path ending in /token): pass --token-path"
        : `several token operation candidates (${candidates.join(", ")}): pass --token-path`,
    );
  }
  let tokenOperation: ProviderEntry["tokenOperation"];
  try {
    tokenOperation = rfc6749Expectation(document, tokenPath);
  } catch (error) {
    throw new NewProviderError((error as Error).message);
  }

  const entry: ProviderEntry = {
    id,
    packageName: `@scope/${id}`,
    title: options.title ?? id.charAt(0).toUpperCase() + id.slice(1),
    spec: specFileName,
    upstreamUrl,
    fetchedAt: options.today ?? new Date().toISOString().slice(0, 10),
    sha256: sha256(source.bytes),
    tokenOperation,
    ...(lint.errors.length > 0 ? { knownLintRules: ruleIdsOf(lint.errors) } : {}),
  };
  const updatedRegistry = validateRegistry(
    { ...registry, providers: [...registry.providers, entry] },
    "specs/registry.json (with the new entry)",
  );
  const facts = specFacts(document, specRelative);
  const publicKeys = new Set(facts.publicOperations.map((op) => `${op.method} ${op.path}`));
  const probe = probeOperation(
    document,
    (method, path) => path === tokenPath || publicKeys.has(`${method.toUpperCase()} ${path}`),
  );
  const defaultBaseUrl = (
    facts.environments.production ??
    facts.servers.find((server) => /^https?:\/\//.test(server.url))?.url ??
    ""
  ).replace(/\/+$/, "");
  const scaffoldFacts: ScaffoldFacts = {
    pascal: pascalCase(id),
    tokenPath,
    ...(probe ? { probe } : {}),
    openapiFetchRange: openapiFetchRange(root),
    environmentNames: Object.keys(facts.environments),
    hasDefaultBaseUrl: defaultBaseUrl !== "",
    defaultBaseUrl,
  };

  const generated = await generateProvider(entry, { root, specText: text });
  const dir = packageDir(entry, root);
  const files: StagedFile[] = [
    { path: specPath(entry, root), contents: source.bytes },
    { path: registryPath(root), contents: formatRegistry(updatedRegistry) },
    { path: join(dir, "package.json"), contents: packageJson(entry, scaffoldFacts) },
    { path: join(dir, "tsconfig.json"), contents: tsconfigJson() },
    { path: join(dir, "turbo.json"), contents: turboJson(entry) },
    { path: join(dir, "vitest.config.ts"), contents: vitestConfigTs() },
    { path: join(dir, "README.md"), contents: readme(entry, scaffoldFacts) },
    { path: join(dir, "src/index.ts"), contents: indexTs(entry, scaffoldFacts) },
    { path: join(dir, "src/options.ts"), contents: optionsTs(entry, scaffoldFacts) },
    { path: join(dir, "src/client.ts"), contents: clientTs(entry, scaffoldFacts) },
    { path: join(dir, "src/testing.ts"), contents: testingTs(entry, scaffoldFacts) },
    { path: join(dir, "src/testing-server.ts"), contents: testingServerTs(entry, scaffoldFacts) },
    { path: join(dir, "src/mock-server-cli.ts"), contents: mockServerCliTs(entry) },
    { path: join(dir, `bin/${entry.id}-mock.js`), contents: mockServerBinJs(entry) },
    { path: join(dir, "src/validation.ts"), contents: validationTs(entry, scaffoldFacts) },
    { path: join(dir, "src/client.test.ts"), contents: clientTestTs(entry, scaffoldFacts) },
  ];
  const rel = (path: string) => path.slice(root.length + 1);
  for (const file of files) {
    const path = rel(file.path);
    if (typeof file.contents === "string" && path.startsWith("packages/")) {
      file.contents = formatWithBiome(root, path, file.contents);
    }
  }
  commitStagedFiles(files, { packageDir: dir, files: generated });
  return {
    entry,
    written: [...files.map((file) => rel(file.path)), ...generated.map((file) => `packages/${id}/${file.path}`)],
    warnings: lint.warnings,
    acceptedErrors: lint.errors,
    facts: scaffoldFacts,
  };
}

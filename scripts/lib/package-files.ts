import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ProviderEntry, repoRoot } from "./registry.ts";

/**
 * The package-level configuration files every provider package carries. new-provider writes them
 * for a new package, and the drift check verifies the committed ones still carry these settings.
 */

/** Package sources the emulator (and so every provider's test) imports directly, not through `dist`. */
export const EMULATOR_SOURCES = [
  "$TURBO_ROOT$/packages/*/src/testing.ts",
  "$TURBO_ROOT$/packages/*/src/testing/**/*.ts",
  "$TURBO_ROOT$/packages/*/src/options.ts",
  "$TURBO_ROOT$/packages/*/src/generated/**",
];

/**
 * The turbo.json of a provider package: generation is keyed on its own spec only; tests also
 * re-run when that spec, the registry or the generator library (read by the spec tests) change, and
 * when any package's testing, options or generated sources change: the shared provider suite starts the
 * emulator (scripts/lib/emulator), which imports every registry provider's `src/testing.ts` (and what it
 * imports) from source.
 */
export function providerTurboJson(entry: ProviderEntry): Record<string, unknown> {
  return {
    $schema: "https://turborepo.com/schema.json",
    extends: ["//"],
    tasks: {
      generate: {
        inputs: [
          `$TURBO_ROOT$/specs/${entry.spec}`,
          "$TURBO_ROOT$/scripts/generate.ts",
          "$TURBO_ROOT$/scripts/lib/**/*.ts",
          "!$TURBO_ROOT$/scripts/lib/**/*.test.ts",
        ],
        outputs: ["src/generated/**"],
      },
      test: {
        inputs: [
          "$TURBO_DEFAULT$",
          "$TURBO_ROOT$/scripts/lib/**/*.ts",
          `$TURBO_ROOT$/specs/${entry.spec}`,
          "$TURBO_ROOT$/specs/registry.json",
          ...EMULATOR_SOURCES,
        ],
      },
    },
  };
}

/**
 * What every provider package's entry point re-exports from `@scope/auth-core`, so users import errors,
 * auth types and client helpers from the provider alone. new-provider renders it; the provider packages'
 * own index.ts carry the same list (package-files.test.ts checks each registry provider).
 */
export const PROVIDER_AUTH_CORE_EXPORTS = {
  types: [
    "ApiAttemptEvent",
    "AuthEvent",
    "AuthTuningOptions",
    "ClientEvent",
    "ClientEventListener",
    "ClientInstrumentation",
    "Logger",
    "LogLevel",
    "RequestResilienceOptions",
    "ResilienceEvent",
    "ResilienceOptions",
    "TokenStore",
  ],
  values: [
    "ClientOptionsError",
    "DeadlineExceededError",
    "disposeClient",
    "type FetchLike",
    "RequestAbortedError",
    "RequestTimeoutError",
    "requestIdOf",
    "resetSharedTokenCaches",
    "TokenRequestError",
    "withResilience",
  ],
} as const;

/** The re-export statements of PROVIDER_AUTH_CORE_EXPORTS (plus `extraTypes`), formatted as biome writes them. */
export function authCoreReExports(extraTypes: readonly string[] = []): string {
  const list = (names: readonly string[]) => names.map((name) => `  ${name},`).join("\n");
  const types = [...PROVIDER_AUTH_CORE_EXPORTS.types, ...extraTypes].sort((a, b) => a.localeCompare(b));
  return `export type {\n${list(types)}\n} from "@scope/auth-core";\nexport {\n${list(PROVIDER_AUTH_CORE_EXPORTS.values)}\n} from "@scope/auth-core";\n`;
}

/**
 * Conditions of runtimes and bundlers that have no CommonJS (Cloudflare's workerd and other Workers,
 * Deno, browsers): the root export sends them to the ESM build even when the code asking uses
 * `require()`, so a Worker bundle never pulls in the CJS copy next to the ESM one.
 */
export const ESM_ONLY_CONDITIONS = ["workerd", "worker", "deno", "browser"] as const;

/** The shared publishing settings of a package.json (exports map, files, engines). */
export function publishFields(entries: Record<string, string>): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  for (const [subpath, file] of Object.entries(entries)) {
    const esm = { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` };
    const runtimes = subpath === "." ? Object.fromEntries(ESM_ONLY_CONDITIONS.map((name) => [name, esm])) : {};
    exports[subpath] = {
      ...runtimes,
      import: esm,
      require: { types: `./dist/${file}.d.cts`, default: `./dist/${file}.cjs` },
    };
  }
  exports["./package.json"] = "./package.json";
  return {
    type: "module",
    sideEffects: false,
    engines: { node: ">=20" },
    main: "./dist/index.cjs",
    module: "./dist/index.js",
    types: "./dist/index.d.ts",
    exports,
    files: ["dist", "README.md", "CHANGELOG.md"],
  };
}

/** Where the monorepo lives: the root package.json's `repository` (the one place that names it). */
export interface RepositoryInfo {
  /** `git+https://github.com/<owner>/<repo>.git`, the form npm provenance compares with the build's repository. */
  url: string;
  /** `https://github.com/<owner>/<repo>`. */
  web: string;
}

/** Reads the monorepo's repository from the root package.json. */
export function rootRepository(root = repoRoot): RepositoryInfo {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { repository?: { url?: string } };
  const url = manifest.repository?.url;
  if (typeof url !== "string" || !/^git\+https:\/\/github\.com\/[^/]+\/[^/]+\.git$/.test(url)) {
    throw new Error(`${join(root, "package.json")}: repository.url must be git+https://github.com/<owner>/<repo>.git`);
  }
  return { url, web: url.replace(/^git\+/, "").replace(/\.git$/, "") };
}

/** `homepage`, `repository` (with the package's `directory`) and `bugs` for a package in `directory`. */
export function repositoryFields(
  directory: string,
  repository: RepositoryInfo = rootRepository(),
): Record<string, unknown> {
  return {
    homepage: `${repository.web}/tree/main/${directory}#readme`,
    repository: { type: "git", url: repository.url, directory },
    bugs: { url: `${repository.web}/issues` },
  };
}

import type { ProviderEntry } from "./registry.ts";

/**
 * The package-level configuration files every provider package carries. new-provider writes them
 * for a new package, and the drift check verifies the committed ones still carry these settings.
 */

/** Package sources the emulator (and so every provider's test) imports directly, not through `dist`. */
export const EMULATOR_SOURCES = [
  "$TURBO_ROOT$/packages/*/src/testing/**/*.ts",
  "$TURBO_ROOT$/packages/*/src/generated/**",
];

/**
 * The turbo.json of a provider package: generation is keyed on its own spec only; tests also
 * re-run when that spec, the registry or the generator library (read by the spec tests) change, and
 * when any package's testing or generated sources change: the shared provider suite starts the
 * emulator (scripts/lib/emulator), which imports every provider's mock token endpoint from source.
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

/** The shared publishing settings of a package.json (exports map, files, engines). */
export function publishFields(entries: Record<string, string>): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  for (const [subpath, file] of Object.entries(entries)) {
    exports[subpath] = {
      import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
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

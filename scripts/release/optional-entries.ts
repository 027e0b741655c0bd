/**
 * The 0-byte rule for optional entry points (`pnpm size`): every subpath a package's `exports` map
 * publishes besides "." (e.g. `@scope/dollr/testing`, a store, a future `/validation` or telemetry
 * entry) is optional, and a bundle of the default entries must not contain any of its modules, so
 * the default bundle is byte for byte what it would be if the optional entry did not exist.
 *
 * The check works on source modules, where esbuild's metafile sees every file: each `@scope/*`
 * import is resolved through the package's `exports` map to its built file and from there to the
 * source file tsup built it from (`dist/x.js` <- `src/x.ts`). An optional entry owns its source file
 * and the folder of the same name beside it (`src/testing.ts` and `src/testing/**`); owned modules
 * found in a default bundle are violations, named with the module that imported them.
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { build, type Plugin } from "esbuild";
import type { Manifest } from "./workspace.ts";

/** One published entry point of a workspace package. */
export interface EntryPoint {
  /** The import specifier, e.g. `@scope/dollr/testing`. */
  specifier: string;
  /** Its source file, relative to the repository root, e.g. `packages/dollr/src/testing.ts`. */
  sourceFile: string;
}

/** A package as the check reads it. */
export interface EntryPackage {
  name: string;
  dir: string;
  manifest: Manifest;
  /** Bundled for Node (built-ins external) instead of as a Worker, e.g. the Redis store. */
  nodeOnly?: boolean;
}

/** A module of an optional entry found in a default bundle. */
export interface Violation {
  /** The default entry whose bundle contains it. */
  defaultEntry: string;
  /** The optional entry that owns the module. */
  optionalEntry: string;
  /** The module, relative to the repository root. */
  module: string;
  /** The modules of the bundle that import it. */
  importedBy: string[];
}

/** The file an ESM import of `subpath` loads (the `import` condition, else `default`), or undefined. */
export function esmTarget(exportsMap: unknown, subpath: string): string | undefined {
  if (exportsMap === null || typeof exportsMap !== "object")
    return subpath === "." ? (exportsMap as string) : undefined;
  const target = (exportsMap as Record<string, unknown>)[subpath];
  const pick = (value: unknown): string | undefined => {
    if (typeof value === "string") return value;
    if (value === null || typeof value !== "object") return undefined;
    const conditions = value as Record<string, unknown>;
    return pick(conditions.import) ?? pick(conditions.default);
  };
  return pick(target);
}

/** The source file tsup builds `dist/<name>.js` from: `src/<name>.ts` (or `.tsx`, `.mts`), if it exists. */
export function sourceOf(packageDir: string, builtFile: string): string | undefined {
  const stem = builtFile
    .replace(/^\.\//, "")
    .replace(/^dist\//, "src/")
    .replace(/\.(m?js|cjs)$/, "");
  return [".ts", ".tsx", ".mts"].map((ext) => join(packageDir, stem + ext)).find((file) => existsSync(file));
}

/**
 * The default and optional entry points of `pkg`, read from its `exports` map: every subpath with a
 * JavaScript target besides "." is optional (`./package.json` and other non-code files are skipped).
 */
export function entryPoints(pkg: EntryPackage, root: string): { main: EntryPoint | undefined; optional: EntryPoint[] } {
  const exportsMap = pkg.manifest.exports;
  const subpaths = exportsMap !== null && typeof exportsMap === "object" ? Object.keys(exportsMap) : ["."];
  let main: EntryPoint | undefined;
  const optional: EntryPoint[] = [];
  for (const subpath of subpaths) {
    const target = esmTarget(exportsMap, subpath);
    if (target === undefined || !/\.(m?js|cjs)$/.test(target)) continue;
    const source = sourceOf(pkg.dir, target);
    const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, "")}`;
    if (source === undefined) throw new Error(`${specifier}: no source file for ${target} (looked for src/<name>.ts)`);
    const entry = { specifier, sourceFile: relative(root, source) };
    if (subpath === ".") main = entry;
    else optional.push(entry);
  }
  return { main, optional };
}

/** Whether `module` (relative to the root) belongs to `entry`: its source file or the folder named after it. */
export function ownedBy(entry: EntryPoint, module: string): boolean {
  const normalized = module.replaceAll("\\", "/");
  const folder = `${entry.sourceFile.replace(/\.(tsx?|mts)$/, "")}/`;
  return normalized === entry.sourceFile || normalized.startsWith(folder);
}

/** Resolves `@scope/<pkg>[/<sub>]` imports to the source file of that entry. */
function sourceResolver(packages: readonly EntryPackage[], root: string): Plugin {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  return {
    name: "workspace-sources",
    setup(on) {
      on.onResolve({ filter: /^@[^/]+\/[^/]+/ }, (args) => {
        const [scope, name, ...rest] = args.path.split("/");
        const pkg = byName.get(`${scope}/${name}`);
        if (pkg === undefined) return undefined;
        const subpath = rest.length === 0 ? "." : `./${rest.join("/")}`;
        const target = esmTarget(pkg.manifest.exports, subpath);
        const source = target === undefined ? undefined : sourceOf(pkg.dir, target);
        if (source === undefined) return { errors: [{ text: `${args.path}: not an entry of ${pkg.name}'s exports` }] };
        return { path: join(root, relative(root, source)) };
      });
    },
  };
}

/**
 * The modules in a bundle of `export * from "<specifier>"` (a Worker-style bundle, from source), each
 * with the modules that import it; paths relative to `root`.
 */
export async function bundleModules(
  specifier: string,
  packages: readonly EntryPackage[],
  root: string,
  nodeOnly = false,
): Promise<Map<string, string[]>> {
  const platform = nodeOnly
    ? { platform: "node" as const, target: "node20" }
    : {
        platform: "neutral" as const,
        conditions: ["workerd", "worker", "browser"],
        mainFields: ["browser", "module", "main"],
        target: "es2022",
      };
  const result = await build({
    ...platform,
    stdin: { contents: `export * from ${JSON.stringify(specifier)};\n`, resolveDir: root, loader: "js" },
    absWorkingDir: root,
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    logLevel: "silent",
    plugins: [sourceResolver(packages, root)],
  });
  const importers = new Map<string, string[]>();
  for (const [path, input] of Object.entries(result.metafile.inputs)) {
    if (!importers.has(path)) importers.set(path, []);
    for (const imported of input.imports) {
      const list = importers.get(imported.path) ?? [];
      list.push(path);
      importers.set(imported.path, list);
    }
  }
  return new Map([...importers].filter(([path]) => path in result.metafile.inputs));
}

/** The optional-entry modules in `modules` (a default entry's bundle). Pure. */
export function findViolations(
  defaultEntry: string,
  modules: ReadonlyMap<string, readonly string[]>,
  optional: readonly EntryPoint[],
): Violation[] {
  const violations: Violation[] = [];
  for (const [module, importedBy] of [...modules].sort(([a], [b]) => a.localeCompare(b))) {
    for (const entry of optional) {
      if (ownedBy(entry, module)) {
        violations.push({ defaultEntry, optionalEntry: entry.specifier, module, importedBy: [...importedBy] });
      }
    }
  }
  return violations;
}

/** Bundles every package's default entry and returns every optional-entry module found in one. */
export async function checkOptionalEntries(
  packages: readonly EntryPackage[],
  root: string,
): Promise<{ defaults: string[]; optional: string[]; violations: Violation[] }> {
  const entries = packages.map((pkg) => ({ pkg, ...entryPoints(pkg, root) }));
  const optional = entries.flatMap((e) => e.optional);
  const violations: Violation[] = [];
  const defaults: string[] = [];
  for (const { pkg, main } of entries) {
    if (main === undefined) continue;
    defaults.push(main.specifier);
    const modules = await bundleModules(main.specifier, packages, root, pkg.nodeOnly === true);
    violations.push(...findViolations(main.specifier, modules, optional));
  }
  return { defaults, optional: optional.map((e) => e.specifier), violations };
}

/** One line per violation: which default bundle holds which optional module, and who imports it. */
export function formatViolations(violations: readonly Violation[]): string {
  return violations
    .map(
      (v) =>
        `${v.defaultEntry} contains ${v.module} (part of the optional entry ${v.optionalEntry}), imported by ${v.importedBy.join(", ") || "the entry"}`,
    )
    .join("\n");
}

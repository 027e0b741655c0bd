/**
 * Finds Node built-in imports (`node:*` or a bare built-in such as `crypto`) reachable from a runtime
 * entry file: esbuild follows every static import, `require()` and literal dynamic import through the
 * entry's own files and its dependencies, the way a bundler for a runtime without Node built-ins would.
 */
import { builtinModules } from "node:module";
import { relative } from "node:path";
import { build, type Plugin } from "esbuild";

/** One import of a Node built-in: the file that imports it and the specifier it uses. */
export interface BuiltinImport {
  importer: string;
  specifier: string;
}

const builtins = new Set(builtinModules);

/** Whether a module specifier names a Node built-in (`node:crypto`, `crypto`, `fs/promises`). */
export function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith("node:")) return true;
  return builtins.has(specifier) || builtins.has(specifier.split("/")[0] ?? "");
}

/** Bundles `entry` for a runtime without Node built-ins and returns every built-in import it reaches. */
export async function findBuiltinImports(entry: string, relativeTo = process.cwd()): Promise<BuiltinImport[]> {
  const found: BuiltinImport[] = [];
  const recorder: Plugin = {
    name: "record-node-builtins",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point" || !isNodeBuiltin(args.path)) return undefined;
        found.push({ importer: relative(relativeTo, args.importer), specifier: args.path });
        return { path: args.path, external: true };
      });
    },
  };
  await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "neutral",
    format: entry.endsWith(".cjs") ? "cjs" : "esm",
    mainFields: ["module", "main"],
    conditions: ["workerd", "worker"],
    logLevel: "silent",
    plugins: [recorder],
  });
  return found;
}

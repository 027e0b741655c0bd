/**
 * Which packages must run without Node built-ins, and which of their files are runtime entries:
 * every JavaScript file the root export (`"."`) maps to, under any condition. `./testing` entries are
 * for tests under Node and are not runtime entries.
 */
import { join } from "node:path";
import type { WorkspacePackage } from "../../release/workspace.ts";

/** Packages allowed to use Node built-ins, with the reason their README gives. */
export const NODE_ONLY_PACKAGES: Readonly<Record<string, string>> = {
  "@scope/token-store-redis": "talks to Redis over TCP through the node-redis client",
};

/** The absolute paths of a package's runtime entry files (the JS files behind `exports["."]`). */
export function runtimeEntries(pkg: Pick<WorkspacePackage, "name" | "dir" | "manifest">): string[] {
  const exportsMap = pkg.manifest.exports;
  const root =
    typeof exportsMap === "object" && exportsMap !== null && "." in exportsMap
      ? (exportsMap as Record<string, unknown>)["."]
      : exportsMap;
  const files = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") {
      if (/\.(c|m)?js$/.test(value)) files.add(value);
    } else if (value !== null && typeof value === "object") {
      for (const nested of Object.values(value)) walk(nested);
    }
  };
  walk(root);
  if (files.size === 0) throw new Error(`${pkg.name}: exports["."] names no JavaScript file`);
  return [...files].sort().map((file) => join(pkg.dir, file));
}

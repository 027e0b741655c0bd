/** What vitest defines for a package's own sources: `__SCOPE_PACKAGE_VERSION__`, as the build does (tsup-config.ts). */
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The `define` block of a package's vitest config (run from the package directory). */
export function packageVersionDefine(dir: string = process.cwd()): Record<string, string> {
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string };
  return { __SCOPE_PACKAGE_VERSION__: JSON.stringify(version) };
}

/**
 * The tsup config every package shares (each package's tsup.config.ts re-exports it): the package.json
 * `tsup` field, plus `__SCOPE_PACKAGE_VERSION__` defined as the package.json version at build time, so the
 * version a package reports (the `x-scope-sdk` / `User-Agent` header) is never typed by hand.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Options } from "tsup";

const manifest = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as {
  version: string;
  tsup: Options;
};

export default {
  ...manifest.tsup,
  define: { __SCOPE_PACKAGE_VERSION__: JSON.stringify(manifest.version) },
} satisfies Options;

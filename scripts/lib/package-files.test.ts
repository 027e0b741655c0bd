import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { authCoreReExports, PROVIDER_AUTH_CORE_EXPORTS } from "./package-files.ts";
import { packageDir, readRegistry } from "./registry.ts";

describe("the auth-core re-exports of a provider entry point", () => {
  for (const entry of readRegistry().providers) {
    it(`${entry.packageName}'s src/index.ts re-exports exactly PROVIDER_AUTH_CORE_EXPORTS (what new-provider renders)`, () => {
      const index = readFileSync(join(packageDir(entry), "src/index.ts"), "utf8");
      expect(index).toContain(authCoreReExports());
    });
  }

  it("renders the types sorted, with a scaffold's extra types among them", () => {
    const rendered = authCoreReExports(["ClientAuthMethod"]);
    expect(rendered).toContain("  AuthTuningOptions,\n  ClientAuthMethod,\n  ClientEvent,");
    for (const name of PROVIDER_AUTH_CORE_EXPORTS.values) expect(rendered).toContain(`  ${name},\n`);
  });
});

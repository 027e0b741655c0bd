/**
 * The vitest config every provider package uses (the hand-written ones and each scaffolded one): the
 * package version define, clients that log nothing under test, generous timeouts.
 */
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { packageVersionDefine } from "../../build/vitest-define.ts";

/** A provider package's vitest config; `dir` is the package directory (`import.meta.dirname`). */
export function providerVitestConfig(dir: string): ViteUserConfig {
  return defineConfig({
    define: packageVersionDefine(dir),
    test: {
      // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
      // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
      env: { SCOPE_LOG: "off" },
      // Generous timeouts: the suite runs hundreds of loopback HTTP calls on a possibly loaded 2-core box.
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  });
}

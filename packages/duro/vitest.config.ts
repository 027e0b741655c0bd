import { defineConfig } from "vitest/config";
import { packageVersionDefine } from "../../scripts/build/vitest-define.ts";

// Generous timeouts: the suite runs hundreds of loopback HTTP calls on a possibly loaded 2-core box.
export default defineConfig({
  define: packageVersionDefine(import.meta.dirname),
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

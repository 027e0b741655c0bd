import { defineConfig } from "vitest/config";
import { packageVersionDefine } from "../../scripts/build/vitest-define.ts";

// Generous timeouts: fake-time tests finish in milliseconds, but the full repo test run can load a
// 2-core box so much that 1,000-request scenarios and the real-server tests take many seconds.
export default defineConfig({
  define: packageVersionDefine(import.meta.dirname),
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    // Files share their worker's modules (no per-file isolation): re-importing the package for each of
    // its ~45 files was two thirds of the suite's CPU time. Shared state is reset by the tests
    // themselves (the msw helper resets the process-wide token caches and retry budgets before each
    // test; env stubs and fake timers are undone in their own hooks).
    isolate: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

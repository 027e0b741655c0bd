import { defineConfig } from "vitest/config";

// Generous timeouts: fake-time tests finish in milliseconds, but the full repo test run can load a
// 2-core box so much that 1,000-request scenarios and the real-server tests take many seconds.
export default defineConfig({
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

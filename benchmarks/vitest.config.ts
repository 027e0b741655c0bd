import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    include: ["src/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

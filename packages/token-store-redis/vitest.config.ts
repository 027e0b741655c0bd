import { defineConfig } from "vitest/config";

/**
 * `pnpm test`: the store's own tests against a real redis-server. The multi-process fleet tests run
 * with `pnpm test:fleet` (vitest.fleet.config.ts).
 */
export default defineConfig({
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    include: ["src/**/*.test.ts"],
    // A full-repo run loads a 2-core box heavily; round trips to redis-server can then take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

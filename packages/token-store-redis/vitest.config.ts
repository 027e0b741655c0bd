import { defineConfig } from "vitest/config";

/**
 * `pnpm test`: the store's own tests against a real redis-server. The multi-process fleet tests run
 * with `pnpm test:fleet` (vitest.fleet.config.ts).
 */
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // A full-repo run loads a 2-core box heavily; round trips to redis-server can then take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

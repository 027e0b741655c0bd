import { defineConfig } from "vitest/config";

/**
 * `pnpm test`: the store against a fake Durable Object namespace (src/**), and the fleet in real
 * workerd (test/workerd-fleet.test.ts: two Worker services, each its own isolate, one Durable Object
 * namespace, a loopback token endpoint), on the pinned and the latest workerd.
 */
export default defineConfig({
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // A full-repo run loads a 2-core box heavily; starting workerd can then take seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

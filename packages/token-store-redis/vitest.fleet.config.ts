import { defineConfig } from "vitest/config";

/** `pnpm test:fleet`: 8 real Node processes, one redis-server and the provider emulator (about a minute). */
export default defineConfig({
  test: {
    include: ["test/fleet.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from "vitest/config";

// Generous timeouts: the suite runs hundreds of loopback HTTP calls on a possibly loaded 2-core box.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

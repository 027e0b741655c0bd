import { defineConfig } from "vitest/config";

// The scripts tests copy the repository, run turbo, tsc and vitest in child processes, and start
// servers; on a loaded 2-core machine (a full `pnpm test` runs every package at once) their default
// timeouts are far too short. Each long test still sets its own bound where it matters.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});

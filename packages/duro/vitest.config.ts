import { defineConfig } from "vitest/config";
import { packageVersionDefine } from "../../scripts/build/vitest-define.ts";

// Generous timeouts: the suite runs hundreds of loopback HTTP calls on a possibly loaded 2-core box.
export default defineConfig({
  define: packageVersionDefine(import.meta.dirname),
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

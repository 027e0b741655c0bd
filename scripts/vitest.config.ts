import { defineConfig } from "vitest/config";
import { HeavyFirstSequencer } from "./lib/testing/heavy-first-sequencer.ts";

// The scripts tests copy the repository, run turbo, tsc and vitest in child processes, and start
// servers; on a loaded 2-core machine (a full `pnpm test` runs every package at once) their default
// timeouts are far too short. Each long test still sets its own bound where it matters.
//
// Two workers even on 2 cores (vitest's default there is one): the end-to-end files spend most of
// their time waiting on child processes, and they start first (HeavyFirstSequencer), so the longest
// file is not left running alone at the end. Files share their worker's modules (no per-file
// isolation): each file re-importing redocly, openapi-typescript and the rest cost a third of the light
// files' CPU time; the tests keep no state between files (temp folders, servers and env stubs are
// theirs and undone in their own hooks).
export default defineConfig({
  test: {
    // Clients log nothing in tests (their default is `warn`), so a green run prints no error-path log
    // lines; the logging tests set `logLevel` or clear SCOPE_LOG to prove the default and the switch.
    env: { SCOPE_LOG: "off" },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
    isolate: false,
    globalSetup: ["./lib/testing/shared-turbo-cache.ts"],
    sequence: { sequencer: HeavyFirstSequencer },
  },
});

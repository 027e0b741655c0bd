/**
 * Drift check: regenerates every provider into a temporary folder and fails when the committed
 * files under packages/<provider>/src/generated differ, printing the command that fixes it.
 * It also checks that each provider package's turbo.json keys generation on its own spec.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findDrift } from "./lib/drift.ts";
import { readRegistry, repoRoot } from "./lib/registry.ts";

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "scope-drift-"));
  try {
    const problems = await findDrift(readRegistry(), repoRoot, scratch);
    if (problems.length === 0) {
      console.log("generated code is up to date with specs/ (no drift)");
      return;
    }
    console.error("generated code has drifted from specs/:");
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error("\nfix it with:  pnpm generate  (then commit packages/*/src/generated)");
    process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`check:generated failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

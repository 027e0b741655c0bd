/**
 * Times `specs:update` and `generate` on a real-size document (226 operations, built by
 * scripts/fixtures/large-spec.ts) in a temporary copy of the repository; the real tree is not touched.
 *
 *   tsx scripts/time-spec-update.ts [--provider duro] [--skip-checks]
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { largeSpecText } from "./fixtures/large-spec.ts";
import { updateSpec } from "./lib/spec-update/update.ts";
import { createTempRepo } from "./lib/testing/temp-repo.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { provider: { type: "string", default: "duro" }, "skip-checks": { type: "boolean", default: false } },
  });
  const repo = createTempRepo();
  try {
    const from = join(repo.scratch, "large.yaml");
    writeFileSync(from, largeSpecText({ title: "Duro API" }));
    const result = await updateSpec({
      provider: values.provider,
      from,
      root: repo.root,
      runChecks: !values["skip-checks"],
    });
    if (result.status !== "updated") throw new Error("the document was identical");
    const started = performance.now();
    execFileSync(process.execPath, ["--import", "tsx", "scripts/generate.ts", values.provider], { cwd: repo.root });
    const generateCli = Math.round(performance.now() - started);
    console.log(
      JSON.stringify(
        {
          operations: 226,
          changeLevel: result.changeLevel,
          bump: result.bump,
          changes: result.changes.length,
          specsUpdate: result.timings,
          checks: result.checks,
          generateCliMs: generateCli,
        },
        null,
        2,
      ),
    );
  } finally {
    repo.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

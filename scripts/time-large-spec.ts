/**
 * Times `specs:update` on a big document against the bare openapi-typescript CLI on the same file, in
 * one run, in a temporary copy of the repository (the real tree is not touched). Two updates are timed:
 * the first vendors the big document over the small one (the lint cache knows neither), the second
 * applies a changed big document on top (the baseline's lint rules come from the cache).
 *
 *   tsx scripts/time-large-spec.ts [--resources 2600] [--provider duro]
 */
import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildLargeSpec, resourceName } from "./fixtures/large-spec.ts";
import { updateSpec } from "./lib/spec-update/update.ts";
import { createTempRepo } from "./lib/testing/temp-repo.ts";

type Json = Record<string, unknown>;

async function timedUpdate(provider: string, from: string, root: string) {
  const started = performance.now();
  const result = await updateSpec({ provider, from, root, runChecks: false });
  if (result.status !== "updated") throw new Error("the document was identical");
  return {
    wallMs: Math.round(performance.now() - started),
    timings: result.timings,
    changes: result.changes.length,
    lintWarnings: result.warnings.length,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { provider: { type: "string", default: "duro" }, resources: { type: "string", default: "2600" } },
  });
  const resources = Number(values.resources);
  const provider = values.provider;
  const repo = createTempRepo();
  try {
    const first = join(repo.scratch, "large-1.json");
    writeFileSync(first, `${JSON.stringify(buildLargeSpec({ resources, title: "Duro API" }), null, 2)}\n`);
    const changed = buildLargeSpec({ resources: resources + 5, title: "Duro API", version: "1.1.0" });
    delete ((changed.paths as Json)[`/v1/${resourceName(3)}/{id}`] as Json).delete;
    const second = join(repo.scratch, "large-2.json");
    writeFileSync(second, `${JSON.stringify(changed, null, 2)}\n`);

    const cli = join(repo.root, "node_modules/.bin/openapi-typescript");
    const bareStarted = performance.now();
    execFileSync(cli, [second, "-o", join(repo.scratch, "bare.ts")], { stdio: "ignore" });
    const bareCliMs = Math.round(performance.now() - bareStarted);

    const update1 = await timedUpdate(provider, first, repo.root);
    const update2 = await timedUpdate(provider, second, repo.root);
    console.log(
      JSON.stringify(
        {
          bytes: statSync(second).size,
          bareCliMs,
          update1ColdLintCache: update1,
          update2WarmLintCache: update2,
          ratio: Number((update2.wallMs / bareCliMs).toFixed(2)),
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

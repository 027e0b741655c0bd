/**
 * Times `specs:update` on a big document against the bare openapi-typescript CLI on the same file, in
 * one run, in a temporary copy of the repository (the real tree is not touched). Two updates are timed:
 * the first vendors the big document over the small one (the lint cache knows neither), the second
 * applies a changed big document on top (the baseline's lint rules come from the cache).
 *
 * With `--from-file <a> --to-file <b>` the two documents are real ones (say @octokit/openapi's
 * api.github.com.json of two versions): the first update vendors <a>, the timed second one applies <b>;
 * the provider's token-operation expectations are dropped in the copy and lint errors accepted, since
 * the document is not the provider's.
 *
 *   tsx scripts/time-large-spec.ts [--resources 2600] [--provider duro] [--from-file <a> --to-file <b>]
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildLargeSpec, resourceName } from "./fixtures/large-spec.ts";
import { updateSpec } from "./lib/spec-update/update.ts";
import { createTempRepo } from "./lib/testing/temp-repo.ts";

type Json = Record<string, unknown>;

async function timedUpdate(provider: string, from: string, root: string) {
  const started = performance.now();
  const result = await updateSpec({ provider, from, root, runChecks: false, allowLintErrors: true });
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
    options: {
      provider: { type: "string", default: "duro" },
      resources: { type: "string", default: "2600" },
      "from-file": { type: "string" },
      "to-file": { type: "string" },
    },
  });
  const resources = Number(values.resources);
  const provider = values.provider;
  const repo = createTempRepo();
  try {
    const first = join(repo.scratch, "large-1.json");
    const second = join(repo.scratch, "large-2.json");
    if (values["from-file"] && values["to-file"]) {
      copyFileSync(values["from-file"], first);
      copyFileSync(values["to-file"], second);
      const registryFile = join(repo.root, "specs/registry.json");
      const registry = JSON.parse(readFileSync(registryFile, "utf8")) as { providers: Json[] };
      for (const entry of registry.providers) if (entry.id === provider) delete entry.tokenOperation;
      writeFileSync(registryFile, `${JSON.stringify(registry, null, 2)}\n`);
    } else {
      writeFileSync(first, `${JSON.stringify(buildLargeSpec({ resources, title: "Duro API" }), null, 2)}\n`);
      const changed = buildLargeSpec({ resources: resources + 5, title: "Duro API", version: "1.1.0" });
      delete ((changed.paths as Json)[`/v1/${resourceName(3)}/{id}`] as Json).delete;
      writeFileSync(second, `${JSON.stringify(changed, null, 2)}\n`);
    }

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

/**
 * The upstream watch (run on a schedule by .github/workflows/specs-watch.yml): for every registry
 * provider with an `upstreamUrl`, fetches the document and, when it changed, commits the update
 * (spec, registry, generated code, API report, changeset) on `specs-watch/<id>`, pushes that branch
 * and writes the pull-request body to `<out>/<id>.md` (listed in `<out>/pull-requests.json`; the
 * workflow opens the pull requests). An unchanged or failing upstream leaves no branch.
 *
 *   pnpm specs:watch [--out specs-watch-out] [--base main] [--remote origin] [--provider <id>]... [--skip-checks] [--skip-api-report]
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./lib/registry.ts";
import { watchUpstreams } from "./lib/spec-watch/watch.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: "string", default: "specs-watch-out" },
      base: { type: "string", default: "main" },
      remote: { type: "string", default: "origin" },
      provider: { type: "string", multiple: true },
      "skip-checks": { type: "boolean", default: false },
      "skip-api-report": { type: "boolean", default: false },
    },
  });
  const outcomes = await watchUpstreams({
    root: repoRoot,
    outDir: resolve(process.env.INIT_CWD ?? process.cwd(), values.out),
    base: values.base,
    remote: values.remote,
    runChecks: !values["skip-checks"],
    apiReport: !values["skip-api-report"],
    ...(values.provider ? { providers: values.provider } : {}),
  });
  for (const outcome of outcomes) console.log(outcome.message);
  if (outcomes.length === 0) console.log("no registry provider has an upstreamUrl: nothing to watch");
  // A failing upstream is reported, not fatal: the other providers were still watched.
  if (outcomes.some((outcome) => outcome.status === "failed")) process.exitCode = 3;
}

main().catch((error: unknown) => {
  console.error(`specs:watch failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

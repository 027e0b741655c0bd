/**
 * Vendors a provider's new OpenAPI document, regenerates that provider, runs its checks, rebuilds its
 * API reports and writes a changeset with the computed semver bump, as one transaction: nothing in the
 * tree changes unless every step passes, and Ctrl-C before the end changes nothing either.
 *
 *   pnpm specs:update <provider> [--from <file-or-url>] [--skip-checks] [--allow-lint-errors] [--timeout <ms>] [--verbose]
 */
import { parseArgs } from "node:util";
import { cleanupOnInterrupt } from "./lib/spec-update/interrupt.ts";
import { describeUpdate } from "./lib/spec-update/report.ts";
import { updateSpec } from "./lib/spec-update/update.ts";

const USAGE =
  "usage: pnpm specs:update <provider> [--from <file-or-url>] [--skip-checks] [--allow-lint-errors] [--timeout <ms>] [--verbose]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      from: { type: "string" },
      "skip-checks": { type: "boolean", default: false },
      "allow-lint-errors": { type: "boolean", default: false },
      timeout: { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const [provider] = positionals as [string];
  // The files are written in one synchronous step at the very end: until then, Ctrl-C changes nothing.
  const interrupted = cleanupOnInterrupt(() =>
    console.error("specs:update interrupted; nothing was changed (scratch copies removed)."),
  );
  const result = await updateSpec({
    provider,
    // pnpm runs scripts from the repository root; INIT_CWD is where the user typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    runChecks: !values["skip-checks"],
    allowLintErrors: values["allow-lint-errors"],
    apiReport: true,
    ...(values.from ? { from: values.from } : {}),
    ...(values.timeout ? { fetchTimeoutMs: Number(values.timeout) } : {}),
  });
  interrupted();
  if (result.status === "unchanged") {
    console.log(
      `${result.specFile} is already identical to the new document (sha256 ${result.sha256.slice(0, 12)}): nothing to do`,
    );
    return;
  }
  console.log(describeUpdate(result, { verbose: values.verbose, skippedChecks: values["skip-checks"] }));
}

main().catch((error: unknown) => {
  console.error(`specs:update failed; nothing was changed.\n${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

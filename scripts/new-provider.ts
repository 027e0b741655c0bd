/**
 * Adds a provider: vendors its document, adds the registry entry and scaffolds packages/<name> on the
 * standard RFC 6749 client-credentials dialect, then links it into the workspace, builds it and gives it
 * a size budget. Turbo, CI and release pick the package up from the registry and the workspace.
 *
 *   pnpm new-provider <name> --spec <url> [--token-path /oauth/token] [--title Name]
 *                     [--allow-lint-errors] [--skip-install]
 *   pnpm new-provider <name> --spec <file> --upstream-url <url> [...]
 *
 * `--upstream-url` (where the provider publishes the document, read by specs:update) defaults to
 * `--spec` when that is a URL and is required when it is a file.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { syncReports } from "./lib/api-report.ts";
import { repoRoot } from "./lib/registry.ts";
import { scaffoldProvider } from "./lib/scaffold/new-provider.ts";
import { recordSizeBudget } from "./lib/scaffold/size-budget.ts";
import { formatLintProblem } from "./lib/spec-lint.ts";
import { readManifest } from "./release/workspace.ts";

const USAGE =
  "usage: pnpm new-provider <name> (--spec <url> | --spec <file> --upstream-url <url>) [--token-path <path>] [--title <name>] [--allow-lint-errors] [--skip-install]";

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      spec: { type: "string" },
      "token-path": { type: "string" },
      title: { type: "string" },
      "upstream-url": { type: "string" },
      "allow-lint-errors": { type: "boolean", default: false },
      "skip-install": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help || positionals.length !== 1 || !values.spec) {
    console.log(USAGE);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const result = await scaffoldProvider({
    id: positionals[0] as string,
    spec: values.spec,
    cwd: process.env.INIT_CWD ?? process.cwd(),
    allowLintErrors: values["allow-lint-errors"],
    ...(values["token-path"] ? { tokenPath: values["token-path"] } : {}),
    ...(values.title ? { title: values.title } : {}),
    ...(values["upstream-url"] ? { upstreamUrl: values["upstream-url"] } : {}),
  });
  const { entry } = result;
  console.log(
    `added ${entry.packageName} (token operation POST ${result.facts.tokenPath}, RFC 6749 client credentials)`,
  );
  console.log(`files written:\n${result.written.map((file) => `  ${file}`).join("\n")}`);
  for (const problem of result.acceptedErrors) console.log(`  accepted lint error: ${formatLintProblem(problem)}`);
  if (result.warnings.length > 0) console.log(`lint warnings: ${result.warnings.length}`);
  if (values["skip-install"]) {
    console.log(`next: pnpm install && pnpm --filter ${entry.packageName} build && pnpm size --update`);
    return;
  }
  const run = (command: string, args: string[]) => {
    console.log(`$ ${command} ${args.join(" ")}`);
    execFileSync(command, args, { cwd: repoRoot, stdio: "inherit" });
  };
  run("pnpm", ["install", "--no-frozen-lockfile"]);
  run("pnpm", ["--filter", entry.packageName, "build"]);
  const budget = await recordSizeBudget(repoRoot, entry.packageName);
  console.log(`size budget for ${entry.packageName}: ${budget} bytes (scripts/size-budget.json)`);
  const dir = join(repoRoot, "packages", entry.id);
  for (const { path } of syncReports(dir, readManifest(dir), true)) console.log(`API report: ${path}`);
  console.log(
    `done: commit specs/, packages/${entry.id}, scripts/size-budget.json and pnpm-lock.yaml (the API report is in packages/${entry.id}/review)`,
  );
}

main().catch((error: unknown) => {
  console.error(`new-provider failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

/**
 * `pnpm check:runtime-imports` (part of `pnpm check:packages`, after `pnpm build`): fails when a
 * runtime entry of auth-core or a provider package, or anything it imports, imports a Node built-in
 * (`node:*` or a bare name such as `crypto`). Those packages run on Deno, Bun and Cloudflare Workers.
 * Packages in NODE_ONLY_PACKAGES (the Redis store) are skipped and say so.
 */
import { existsSync } from "node:fs";
import { repoRoot } from "./lib/registry.ts";
import { findBuiltinImports } from "./lib/runtime-imports/find-builtin-imports.ts";
import { NODE_ONLY_PACKAGES, runtimeEntries } from "./lib/runtime-imports/runtime-entries.ts";
import { listPublicPackages } from "./release/workspace.ts";

async function main(): Promise<void> {
  let failures = 0;
  for (const pkg of await listPublicPackages(repoRoot)) {
    const nodeOnly = NODE_ONLY_PACKAGES[pkg.name];
    if (nodeOnly !== undefined) {
      console.log(`- ${pkg.name}: Node only (${nodeOnly}), not checked`);
      continue;
    }
    for (const entry of runtimeEntries(pkg)) {
      if (!existsSync(entry)) throw new Error(`${pkg.name}: ${entry} does not exist; run \`pnpm build\` first`);
      const found = await findBuiltinImports(entry, repoRoot);
      if (found.length === 0) {
        console.log(`ok ${pkg.name}: ${entry.slice(pkg.dir.length + 1)} imports no Node built-in`);
        continue;
      }
      failures += found.length;
      for (const { importer, specifier } of found) {
        console.error(`FAIL ${pkg.name}: ${importer} imports Node built-in "${specifier}"`);
      }
    }
  }
  if (failures > 0) {
    console.error(
      `\n${failures} Node built-in import(s) in runtime code. auth-core and the providers must run on Deno, Bun and` +
        " Workers: use Web APIs (crypto.subtle, fetch, URL, TextEncoder) instead.",
    );
    process.exitCode = 1;
  }
}

await main();

/**
 * Generates `packages/<provider>/src/generated/*.gen.ts` for the providers in specs/registry.json.
 *
 *   tsx scripts/generate.ts                 every provider (or, run inside a provider package, that one)
 *   tsx scripts/generate.ts dollr duro      the named providers
 *   tsx scripts/generate.ts --out DIR       write to DIR/<provider>/src/generated instead (drift check)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateAll } from "./lib/generate-provider.ts";
import { type ProviderEntry, readRegistry } from "./lib/registry.ts";

function selectProviders(all: ProviderEntry[], names: string[]): ProviderEntry[] {
  if (names.length > 0) {
    return names.map((name) => {
      const entry = all.find((candidate) => candidate.id === name || candidate.packageName === name);
      if (!entry)
        throw new Error(`unknown provider "${name}"; specs/registry.json lists: ${all.map((e) => e.id).join(", ")}`);
      return entry;
    });
  }
  try {
    const here = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { name?: string };
    const own = all.find((entry) => entry.packageName === here.name);
    if (own) return [own];
  } catch {
    // not inside a package: generate everything
  }
  return all;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" } },
  });
  const registry = readRegistry();
  const entries = selectProviders(registry.providers, positionals);
  const started = performance.now();
  await generateAll(entries, values.out ? { outRoot: values.out } : {});
  const ms = Math.round(performance.now() - started);
  console.log(`generated ${entries.map((e) => e.id).join(", ")} in ${ms} ms`);
}

main().catch((error: unknown) => {
  console.error(`generate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

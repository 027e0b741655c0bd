/**
 * A provider package's client factory, found by convention rather than by name: every provider
 * package exports `create<PascalId>Client` (new-provider scaffolds it so), so the demo, the
 * benchmarks and the release test load each registry entry's factory with no per-provider code.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ProviderEntry, packageDir, repoRoot } from "./registry.ts";

/** `acme-pay` -> `AcmePay`. */
export function pascalCase(id: string): string {
  return id
    .split("-")
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** The factory a provider package exports: `dollr` -> `createDollrClient`. */
export function clientFactoryName(id: string): string {
  return `create${pascalCase(id)}Client`;
}

/** A provider's client factory, fed plain options. */
export type ClientFactory = (options: Record<string, unknown>) => unknown;

/** Loads a provider's client factory from its sources (`src/index.ts`, under tsx or vitest) or its build (`dist/index.js`). */
export async function loadClientFactory(
  entry: ProviderEntry,
  options: { root?: string; from?: "src" | "dist" } = {},
): Promise<ClientFactory> {
  const file = join(
    packageDir(entry, options.root ?? repoRoot),
    options.from === "dist" ? "dist/index.js" : "src/index.ts",
  );
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const factory = module[clientFactoryName(entry.id)];
  if (typeof factory !== "function") {
    throw new Error(`${entry.packageName} (${file}) does not export ${clientFactoryName(entry.id)}`);
  }
  return factory as ClientFactory;
}

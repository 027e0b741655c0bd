import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readRegistry } from "../lib/registry.ts";
import { exec } from "./exec.ts";

/** The parts of a package.json the release scripts read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string; directory?: string };
  bugs?: string | { url?: string };
  publishConfig?: Record<string, unknown>;
  exports?: unknown;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** One publishable workspace package. */
export interface WorkspacePackage {
  name: string;
  version: string;
  dir: string;
  manifest: Manifest;
}

/** Reads a package.json. */
export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
}

/** Lists the public (non-private) packages of the pnpm workspace at `root`, sorted by name. */
export async function listPublicPackages(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<WorkspacePackage[]> {
  const { stdout } = await exec("pnpm", ["ls", "-r", "--json", "--depth", "-1"], { cwd: root, env });
  const entries = JSON.parse(stdout) as { name?: string; path: string; private?: boolean }[];
  const packages: WorkspacePackage[] = [];
  for (const entry of entries) {
    if (entry.path === root) continue;
    const manifest = readManifest(entry.path);
    if (manifest.private === true) continue;
    packages.push({ name: manifest.name, version: manifest.version, dir: entry.path, manifest });
  }
  packages.sort((a, b) => a.name.localeCompare(b.name));
  assertRegistryCovered(root, packages);
  return packages;
}

/** Throws unless every provider in specs/registry.json is a public workspace package. */
export function assertRegistryCovered(root: string, packages: readonly WorkspacePackage[]): void {
  const names = new Set(packages.map((p) => p.name));
  for (const provider of readRegistry(root).providers) {
    if (!names.has(provider.packageName)) {
      throw new Error(
        `specs/registry.json lists ${provider.packageName}, but no public workspace package has that name`,
      );
    }
  }
}

/** The provider package names from specs/registry.json. */
export function providerPackageNames(root: string): string[] {
  return readRegistry(root).providers.map((p) => p.packageName);
}

/** The npm scopes (`@scope`) of some package names. */
export function scopesOf(names: readonly string[]): string[] {
  const scopes = new Set<string>();
  for (const name of names) {
    if (name.startsWith("@")) scopes.add(name.slice(0, name.indexOf("/")));
  }
  return [...scopes].sort();
}

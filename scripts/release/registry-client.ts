import { writeFileSync } from "node:fs";
import type { Manifest } from "./workspace.ts";

/** A packument as a registry serves it (only the fields we read). */
export interface Packument {
  "dist-tags": Record<string, string>;
  versions: Record<string, Manifest & { dist: { tarball: string; integrity?: string; shasum?: string } }>;
  /** The README the registry renders on the package page (of the latest version). */
  readme?: string;
}

/** Registry URL path of a package name (`@scope/x` -> `@scope%2fx`). */
export function packumentPath(name: string): string {
  return name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

/** Fetches a package document; undefined when the registry does not know the package. */
export async function getPackument(registryUrl: string, name: string): Promise<Packument | undefined> {
  const response = await fetch(`${registryUrl}/${packumentPath(name)}`, { signal: AbortSignal.timeout(30_000) });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET ${name} from the local registry: HTTP ${response.status}`);
  return (await response.json()) as Packument;
}

/** Downloads a tarball to a file. */
export async function downloadTarball(url: string, file: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
}

import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** One package found in a node_modules tree. */
export interface InstalledPackage {
  name: string;
  version: string;
  /** Folder of the package, relative to the project root. */
  path: string;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
}

function packageFolders(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  const folders: string[] = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith(".")) continue;
    const full = join(nodeModules, entry);
    if (entry.startsWith("@")) {
      for (const scoped of readdirSync(full)) folders.push(join(full, scoped));
    } else {
      folders.push(full);
    }
  }
  return folders;
}

/** Lists every package installed under `root/node_modules`, nested ones included. */
export function listInstalled(root: string): InstalledPackage[] {
  const found: InstalledPackage[] = [];
  const visit = (nodeModules: string): void => {
    for (const folder of packageFolders(nodeModules)) {
      const manifestFile = join(folder, "package.json");
      if (!existsSync(manifestFile)) continue;
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Partial<InstalledPackage>;
      found.push({
        name: manifest.name ?? relative(nodeModules, folder).split(sep).join("/"),
        version: manifest.version ?? "0.0.0",
        path: relative(root, folder).split(sep).join("/"),
        dependencies: manifest.dependencies ?? {},
        optionalDependencies: manifest.optionalDependencies ?? {},
        peerDependencies: manifest.peerDependencies ?? {},
      });
      visit(join(folder, "node_modules"));
    }
  };
  visit(join(root, "node_modules"));
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

/** Node's lookup: the package folder `name` resolves to from a package at `fromPath` (both relative to root). */
export function resolveFrom(
  byPath: ReadonlyMap<string, InstalledPackage>,
  fromPath: string,
  name: string,
): string | undefined {
  const segments = fromPath === "" ? [] : fromPath.split("/");
  const bases = [fromPath];
  for (let i = segments.length - 1; i >= 0; i--) {
    if (segments[i] === "node_modules") bases.push(segments.slice(0, i).join("/"));
  }
  for (const base of bases) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (byPath.has(candidate)) return candidate;
  }
  return undefined;
}

/** Result of walking the dependency graph from the project's direct dependencies. */
export interface Reachability {
  reachable: InstalledPackage[];
  unreachable: InstalledPackage[];
  missing: string[];
}

/** Splits installed packages into those reachable from `roots` through runtime dependencies and the rest. */
export function reachableFrom(installed: readonly InstalledPackage[], roots: readonly string[]): Reachability {
  const byPath = new Map(installed.map((p) => [p.path, p]));
  const seen = new Set<string>();
  const missing: string[] = [];
  const queue: { from: string; name: string; optional: boolean }[] = roots.map((name) => ({
    from: "",
    name,
    optional: false,
  }));
  while (queue.length > 0) {
    const next = queue.shift()!;
    const path = resolveFrom(byPath, next.from, next.name);
    if (path === undefined) {
      if (!next.optional) missing.push(`${next.name} (needed by ${next.from || "the project"})`);
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    const pkg = byPath.get(path)!;
    for (const name of Object.keys(pkg.dependencies)) queue.push({ from: path, name, optional: false });
    for (const name of Object.keys(pkg.optionalDependencies)) queue.push({ from: path, name, optional: true });
    for (const name of Object.keys(pkg.peerDependencies)) queue.push({ from: path, name, optional: true });
  }
  return {
    reachable: installed.filter((p) => seen.has(p.path)),
    unreachable: installed.filter((p) => !seen.has(p.path)),
    missing,
  };
}

/** Total apparent size in bytes of the regular files under a folder (symlinks not followed). */
export function bytesOnDisk(dir: string): number {
  let total = 0;
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) return 0;
  if (!stat.isDirectory()) return stat.size;
  for (const entry of readdirSync(dir)) total += bytesOnDisk(join(dir, entry));
  return total;
}

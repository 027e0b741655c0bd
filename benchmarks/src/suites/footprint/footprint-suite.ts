/** Benchmark 6: min+gzip bundle size per provider split by dependency, and the installed size of @scope/dollr. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { readRegistry } from "../../../../scripts/lib/registry.ts";
import { repoRoot, scratchDir } from "../../harness/paths.js";
import { runProcess } from "../../harness/processes.js";
import { bytesByGroup } from "./attribute.js";

/** Bytes one dependency group contributes to a provider bundle. */
export interface BundlePart {
  group: string;
  minBytes: number;
  /** The bundle's gzip size shared out in proportion to minified bytes (gzip is not additive). */
  gzipBytesEstimate: number;
}

/** Minified and gzipped size of one provider's ESM entry with all its runtime dependencies. */
export interface BundleResult {
  provider: string;
  minBytes: number;
  gzipBytes: number;
  parts: BundlePart[];
}

/** What a fresh `npm install @scope/dollr` puts on disk. */
export interface InstallResult {
  packages: number;
  bytes: number;
  /** Installed packages with their on-disk bytes, largest first. */
  byPackage: { name: string; bytes: number }[];
  tarballBytes: Record<string, number>;
}

/** Results of benchmark 6. */
export interface FootprintResult {
  bundles: BundleResult[];
  install: InstallResult | { skipped: string };
}

const GROUP_ORDER = ["ours", "openapi-fetch", "zod", "other"];

async function bundleProvider(dir: string, id: string): Promise<BundleResult> {
  const entry = join(dir, `${id}-entry.js`);
  writeFileSync(entry, `export * from ${JSON.stringify(join(repoRoot, "packages", id, "dist", "index.js"))};\n`);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    metafile: true,
    outfile: join(dir, `${id}.min.js`),
    logLevel: "error",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${id}`);
  const minBytes = output.contents.byteLength;
  const gzipBytes = gzipSync(output.contents, { level: 9 }).byteLength;
  const meta = Object.values(result.metafile.outputs)[0];
  const totals = bytesByGroup(Object.entries(meta?.inputs ?? {}).map(([path, info]) => [path, info.bytesInOutput]));
  const attributed = [...totals.values()].reduce((a, b) => a + b, 0);
  const parts = GROUP_ORDER.filter((group) => totals.has(group)).map((group) => {
    const bytes = totals.get(group) ?? 0;
    return { group, minBytes: bytes, gzipBytesEstimate: Math.round((gzipBytes * bytes) / Math.max(1, attributed)) };
  });
  return { provider: `@scope/${id}`, minBytes, gzipBytes, parts };
}

function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += treeBytes(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Every installed package folder (node_modules/<name> and node_modules/@scope/<name>, nested ones too). */
function installedPackages(nodeModules: string): { name: string; dir: string }[] {
  const found: { name: string; dir: string }[] = [];
  const visit = (modules: string): void => {
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const names = entry.name.startsWith("@")
        ? readdirSync(join(modules, entry.name)).map((inner) => `${entry.name}/${inner}`)
        : [entry.name];
      for (const name of names) {
        const dir = join(modules, name);
        found.push({ name, dir });
        const nested = join(dir, "node_modules");
        if (statSync(nested, { throwIfNoEntry: false })?.isDirectory()) visit(nested);
      }
    }
  };
  visit(nodeModules);
  return found;
}

async function measureInstall(): Promise<InstallResult> {
  const packDir = join(scratchDir, "footprint", "tarballs");
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir, { recursive: true });
  const tarballs: Record<string, string> = {};
  const tarballBytes: Record<string, number> = {};
  for (const id of ["auth-core", "dollr"]) {
    const before = new Set(readdirSync(packDir));
    await runProcess("pnpm", ["pack", "--pack-destination", packDir], { cwd: join(repoRoot, "packages", id) });
    const file = readdirSync(packDir).find((name) => !before.has(name) && name.endsWith(".tgz"));
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${id}`);
    tarballs[id] = join(packDir, file);
    tarballBytes[`@scope/${id}`] = statSync(join(packDir, file)).size;
  }
  // A folder outside the repository, so npm sees no workspace; the tarballs stand in for the registry.
  const project = mkdtempSync(join(tmpdir(), "scope-install-"));
  try {
    writeFileSync(
      join(project, "package.json"),
      JSON.stringify({
        name: "install-probe",
        private: true,
        dependencies: { "@scope/dollr": `file:${tarballs.dollr}` },
        overrides: { "@scope/auth-core": `file:${tarballs["auth-core"]}` },
      }),
    );
    await runProcess("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], {
      cwd: project,
    });
    const nodeModules = join(project, "node_modules");
    const packages = installedPackages(nodeModules);
    const byPackage = packages
      .map(({ name, dir }) => ({ name, bytes: treeBytes(dir) - nestedBytes(dir) }))
      .sort((a, b) => b.bytes - a.bytes);
    const lock = statSync(join(nodeModules, ".package-lock.json"), { throwIfNoEntry: false })?.size ?? 0;
    return { packages: packages.length, bytes: treeBytes(nodeModules) - lock, byPackage, tarballBytes };
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

function nestedBytes(dir: string): number {
  const nested = join(dir, "node_modules");
  return statSync(nested, { throwIfNoEntry: false })?.isDirectory() ? treeBytes(nested) : 0;
}

/** Runs benchmark 6 (needs built packages); an install failure (e.g. offline) is reported, not thrown. */
export async function runFootprintSuite(options: { install: boolean }): Promise<FootprintResult> {
  const dir = join(scratchDir, "footprint");
  mkdirSync(dir, { recursive: true });
  const bundles: BundleResult[] = [];
  for (const entry of readRegistry().providers) bundles.push(await bundleProvider(dir, entry.id));
  let install: FootprintResult["install"] = { skipped: "not measured in this mode" };
  if (options.install) {
    try {
      install = await measureInstall();
    } catch (error) {
      install = { skipped: `npm install failed: ${(error as Error).message.slice(0, 300)}` };
    }
  }
  return { bundles, install };
}

/** Reads a JSON file (used by the report to show the packed package versions). */
export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

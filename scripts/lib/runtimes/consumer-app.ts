/**
 * The consumer project every runtime row runs in: the packed tarballs of auth-core and the three
 * providers installed with npm (their own dependencies from the registry, as a user gets them) and
 * the probe's server files (probe/) beside them; for workerd and the Edge Runtime, those bundled with
 * esbuild the way each platform's tooling bundles a function (no Node built-ins available).
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import { exec } from "../../release/exec.ts";
import { listPublicPackages } from "../../release/workspace.ts";

/** The packages the probe loads (auth-core comes with them). */
export const PROBED_PACKAGES = ["@scope/auth-core", "@scope/dollr", "@scope/turris", "@scope/duro"] as const;

const probeDir = join(dirname(fileURLToPath(import.meta.url)), "probe");

/** The esbuild options Cloudflare's tooling uses for a Worker: ESM, neutral platform, worker conditions. */
export const WORKER_BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
  target: "es2022",
  logLevel: "silent",
};

/** Packs the probed packages from `root` and installs them into `dir` with npm, the probe's server files beside them. */
export async function createConsumerApp(root: string, dir: string): Promise<string> {
  const tarballs = join(dir, "tarballs");
  mkdirSync(tarballs, { recursive: true });
  const packages = (await listPublicPackages(root)).filter((pkg) =>
    (PROBED_PACKAGES as readonly string[]).includes(pkg.name),
  );
  const dependencies: Record<string, string> = {};
  for (const pkg of packages) {
    const before = new Set(readdirSync(tarballs));
    await exec("pnpm", ["pack", "--pack-destination", tarballs], { cwd: pkg.dir });
    const file = readdirSync(tarballs).find((name) => name.endsWith(".tgz") && !before.has(name));
    if (file === undefined) throw new Error(`${pkg.name}: pnpm pack wrote no .tgz`);
    dependencies[pkg.name] = `file:./tarballs/${file}`;
  }
  const manifest = {
    name: "runtime-matrix-consumer",
    private: true,
    type: "module",
    dependencies,
    // The providers depend on @scope/auth-core by version; point that at the packed tarball too.
    overrides: { "@scope/auth-core": "$@scope/auth-core" },
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await exec("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, timeoutMs: 5 * 60_000 });
  for (const file of readdirSync(probeDir)) copyFileSync(join(probeDir, file), join(dir, file));
  return dir;
}

/** What a bundle is for: a Worker module (workerd) or an Edge Runtime script (one IIFE). */
export type BundleTarget = "workerd" | "edge";

/**
 * Bundles `entry` (a probe file in the app) the way the platform's tooling does, with the emulator's
 * URL compiled in as `EMULATOR_URL` (a Worker's global scope has no process.env); fails, like a
 * deploy would, on any Node built-in.
 */
export async function bundleServer(
  appDir: string,
  entry: string,
  emulatorUrl: string,
  target: BundleTarget,
): Promise<string> {
  const outfile = join(appDir, `${entry.replace(/\.mjs$/, "")}.bundle.${target === "workerd" ? "mjs" : "js"}`);
  const options: BuildOptions =
    target === "workerd"
      ? WORKER_BUNDLE_OPTIONS
      : { ...WORKER_BUNDLE_OPTIONS, format: "iife", conditions: ["edge-light", "worker", "browser"] };
  await build({
    ...options,
    entryPoints: [join(appDir, entry)],
    outfile,
    define: { EMULATOR_URL: JSON.stringify(emulatorUrl) },
  });
  return outfile;
}

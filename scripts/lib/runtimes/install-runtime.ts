/**
 * Installs a runtime package with npm into its own folder under a cache directory and returns the
 * binary's path. A folder whose install completed (marker file naming the exact version) is reused,
 * so only the first run on a machine downloads anything. Node rows use the host's node when its
 * major version matches.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exec } from "../../release/exec.ts";
import type { RuntimePackage } from "./runtimes.ts";

const MARKER = ".installed";

/** The binary to run for `runtime`: the host node, a cached install, or a fresh install. */
export async function ensureRuntime(runtime: RuntimePackage, cacheDir: string): Promise<string> {
  if (runtime.nodeMajor !== undefined && Number(process.versions.node.split(".")[0]) === runtime.nodeMajor) {
    return process.execPath;
  }
  const dir = join(cacheDir, runtime.key);
  const bin = join(dir, "node_modules", ".bin", runtime.bin);
  const spec = `${runtime.name}@${runtime.version}`;
  const marker = join(dir, MARKER);
  if (existsSync(bin) && existsSync(marker) && readFileSync(marker, "utf8") === spec) return bin;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ private: true, description: spec })}\n`);
  await exec("npm", ["install", "--save-exact", "--no-audit", "--no-fund", "--loglevel=error", spec], {
    cwd: dir,
    timeoutMs: 10 * 60_000,
  });
  if (!existsSync(bin)) throw new Error(`${spec} installed no node_modules/.bin/${runtime.bin}`);
  writeFileSync(marker, spec);
  return bin;
}

/** The version `<bin> --version` prints, shortened: `22.23.3`, `2.9.6` (Deno), `2026-11-17` (workerd). */
export async function runtimeVersion(bin: string): Promise<string> {
  const { stdout } = await exec(bin, ["--version"], { cwd: process.cwd(), timeoutMs: 30_000 });
  return shortVersion(stdout);
}

/** The first version number or date in a `--version` output, else its first line. */
export function shortVersion(output: string): string {
  const match = /\d{4}-\d{2}-\d{2}|\d+\.\d+\.\d+/.exec(output);
  return match ? match[0] : (output.trim().split("\n")[0] ?? "");
}

/** Formats scaffolded files the way `pnpm lint` (biome) wants them, before they are written. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const FORMATTED = /\.(ts|json)$/;

/**
 * Runs `biome check --write` on `contents` as if it were `relativePath` under `root` (formatting and
 * safe fixes such as import sorting); other file types, and a missing biome, leave it unchanged.
 */
export function formatWithBiome(root: string, relativePath: string, contents: string): string {
  const biome = join(root, "node_modules", ".bin", "biome");
  if (!FORMATTED.test(relativePath) || !existsSync(biome)) return contents;
  const result = spawnSync(biome, ["check", "--write", `--stdin-file-path=${relativePath}`], {
    cwd: root,
    input: contents,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (result.status !== 0 || !result.stdout) {
    throw new Error(`biome could not format ${relativePath}: ${(result.stderr || "no output").trim().split("\n")[0]}`);
  }
  return result.stdout;
}

/**
 * Vitest global setup of the scripts tests: one turbo cache for every throw-away repository copy of
 * the run (see temp-repo.ts), in a fresh folder deleted at the end. The copies are built from the same
 * commit, so a package one test built (auth-core for a spec update) is a cache hit in the next copy
 * instead of a rebuild. Reads are switched on even where the caller's turbo only writes (the fresh
 * machine run or CI may set TURBO_CACHE=local:w, or a cache folder, for the repository itself, not for
 * these copies).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "scope-test-turbo-cache-"));
  process.env.TURBO_CACHE_DIR = dir;
  process.env.TURBO_CACHE = "local:rw";
  return () => rmSync(dir, { recursive: true, force: true });
}

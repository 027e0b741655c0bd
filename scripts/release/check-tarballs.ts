/**
 * `pnpm check:tarballs` (after `pnpm build`): packs every public workspace package with `pnpm pack`
 * (which rewrites `workspace:` ranges exactly as `pnpm publish` does) and fails if a tarball ships
 * tests, fixtures, specs or sources, keeps a `workspace:` range, or misses a file its `exports` names.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../lib/registry.ts";
import { exec } from "./exec.ts";
import { listTarball, readTarballManifest, tarballProblems } from "./tarball.ts";
import { listPublicPackages } from "./workspace.ts";

const out = mkdtempSync(join(tmpdir(), "scope-pack-"));
let failures = 0;
try {
  for (const pkg of await listPublicPackages(repoRoot)) {
    const dest = join(out, pkg.name.replace(/\W/g, "_"));
    await exec("pnpm", ["pack", "--pack-destination", dest], { cwd: pkg.dir });
    const file = readdirSync(dest).find((f) => f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`${pkg.name}: pnpm pack wrote no .tgz`);
    const entries = listTarball(join(dest, file));
    const problems = tarballProblems(entries, readTarballManifest(join(dest, file)));
    failures += problems.length;
    console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${pkg.name}@${pkg.version}: ${entries.length} files`);
    for (const problem of problems) console.log(`       ${problem}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(`\n${failures} packaging problem(s). Fix "files" in the package.json (only dist ships) or the build.`);
  process.exitCode = 1;
}

/**
 * `pnpm check:tarballs` (after `pnpm build`): packs every public workspace package with `pnpm pack`
 * (which rewrites `workspace:` ranges exactly as `pnpm publish` does) and fails if a tarball ships
 * tests, fixtures, specs or sources, keeps a `workspace:` range, misses a file its `exports` names, or
 * lacks the registry metadata a provenance publish needs (`repository` with its `directory`,
 * `homepage`, `bugs`; see metadataProblems).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { rootRepository } from "../lib/package-files.ts";
import { repoRoot } from "../lib/registry.ts";
import { exec } from "./exec.ts";
import { listTarball, metadataProblems, readTarballManifest, tarballProblems } from "./tarball.ts";
import { listPublicPackages } from "./workspace.ts";

const repository = rootRepository(repoRoot);
const out = mkdtempSync(join(tmpdir(), "scope-pack-"));
let failures = 0;
try {
  for (const pkg of await listPublicPackages(repoRoot)) {
    const dest = join(out, pkg.name.replace(/\W/g, "_"));
    await exec("pnpm", ["pack", "--pack-destination", dest], { cwd: pkg.dir });
    const file = readdirSync(dest).find((f) => f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`${pkg.name}: pnpm pack wrote no .tgz`);
    const entries = listTarball(join(dest, file));
    const manifest = readTarballManifest(join(dest, file));
    const problems = [
      ...tarballProblems(entries, manifest),
      ...metadataProblems(manifest, repository, relative(repoRoot, pkg.dir)),
    ];
    failures += problems.length;
    console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${pkg.name}@${pkg.version}: ${entries.length} files`);
    for (const problem of problems) console.log(`       ${problem}`);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failures > 0) {
  console.error(
    `\n${failures} packaging problem(s). Fix the package.json ("files": only dist ships; "repository", "homepage", "bugs" as scripts/lib/package-files.ts repositoryFields writes them) or the build.`,
  );
  process.exitCode = 1;
}

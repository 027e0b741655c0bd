/**
 * Test helper: a throw-away copy of the repository (the files git tracks, as they are in the working
 * tree) with node_modules folders linked, so end-to-end tests never touch the real tree. The copy is a
 * git checkout of one commit, like a clone: turbo then hashes only what git tracks (not dist/ or its
 * own logs), so a second build of an unchanged package is a cache hit instead of a rebuild.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { repoRoot } from "../registry.ts";

/** A temporary repository copy and a scratch folder beside it for test inputs; `dispose` deletes both. */
export interface TempRepo {
  root: string;
  scratch: string;
  dispose(): void;
}

/**
 * Extracts the committed tree (HEAD) of `source` into a new temp folder, overlays the working-tree
 * files (tracked and untracked, not ignored) under `workingTreeUnder` (default: scripts/, the code under
 * test), links every node_modules folder and commits the result on branch `main` of a new git
 * repository. On a clean clone this is exactly the working tree.
 */
export function createTempRepo(options: { source?: string; workingTreeUnder?: string[] } = {}): TempRepo {
  const source = options.source ?? repoRoot;
  const base = mkdtempSync(join(tmpdir(), "scope-repo-"));
  const root = join(base, "repo");
  const scratch = join(base, "inputs");
  mkdirSync(root);
  mkdirSync(scratch);
  const archive = execFileSync("git", ["archive", "--format=tar", "HEAD"], { cwd: source, maxBuffer: 1 << 30 });
  execFileSync("tar", ["-x", "-C", root], { input: archive });
  const overlay = options.workingTreeUnder ?? ["scripts"];
  const files =
    overlay.length === 0
      ? []
      : execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ...overlay], {
          cwd: source,
          encoding: "utf8",
        })
          .split("\0")
          .filter(Boolean);
  for (const file of files) {
    const from = join(source, file);
    if (!existsSync(from)) continue;
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(from, join(root, file));
  }
  const linkModules = (relativeDir: string) => {
    const modules = join(source, relativeDir, "node_modules");
    if (!existsSync(modules)) return;
    mkdirSync(join(root, relativeDir), { recursive: true });
    symlinkSync(modules, join(root, relativeDir, "node_modules"), "dir");
  };
  linkModules(".");
  linkModules("scripts");
  for (const name of readdirSync(join(source, "packages"))) {
    if (statSync(join(source, "packages", name)).isDirectory()) linkModules(join("packages", name));
  }
  commitCopy(root);
  return { root, scratch, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

const GIT_SCRATCH_CONFIG = [
  "user.name=test",
  "user.email=test@example.test",
  "commit.gpgsign=false",
  "core.hooksPath=/dev/null",
].flatMap((setting) => ["-c", setting]);

/** `git init` + one commit of everything in `root` (the linked node_modules excluded). */
function commitCopy(root: string): void {
  const git = (...args: string[]) =>
    // The developer's own git settings (commit signing, hooks) play no part in a scratch copy.
    execFileSync("git", [...GIT_SCRATCH_CONFIG, ...args], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
    });
  git("init", "--quiet", "--initial-branch=main");
  appendFileSync(join(root, ".git/info/exclude"), "node_modules\n");
  git("add", "--all");
  git("commit", "--quiet", "--no-verify", "-m", "temp copy of the repository");
}

/**
 * sha256 of every file under `root` (symlinked node_modules and the .git folder skipped), for "the
 * tree is untouched" checks.
 */
export function snapshotTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === "node_modules" || name === ".git") continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(path.slice(root.length + 1), createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  walk(root);
  return out;
}

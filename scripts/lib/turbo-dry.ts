import { execFileSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type Registry, repoRoot } from "./registry.ts";

/** One task of `turbo run --dry=json`, reduced to what the checks read. */
export interface DryTask {
  taskId: string;
  hash: string;
  cacheStatus: string;
  hasCommand: boolean;
}

const turboBin = join(repoRoot, "node_modules", ".bin", "turbo");

/** Runs `turbo run <task> --dry=json` in `cwd` and returns its tasks. */
export function turboDryRun(task: string, cwd: string): DryTask[] {
  const out = execFileSync(turboBin, ["run", task, "--dry=json"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const json = JSON.parse(out) as {
    tasks: { taskId: string; hash: string; command: string; cache: { status: string } }[];
  };
  return json.tasks.map((t) => ({
    taskId: t.taskId,
    hash: t.hash,
    cacheStatus: t.cache.status,
    hasCommand: t.command !== "<NONEXISTENT>",
  }));
}

/** Hash of every `task` task that has a command, by task id. */
function taskHashes(task: string, cwd: string): Map<string, string> {
  return new Map(
    turboDryRun(task, cwd)
      .filter((t) => t.hasCommand)
      .map((t) => [t.taskId, t.hash]),
  );
}

/** Copies the tracked (and untracked, not ignored) files of the repo into a fresh git repo in a temp folder. */
export function copyRepo(root = repoRoot): string {
  const target = mkdtempSync(join(tmpdir(), "scope-repo-"));
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    try {
      cpSync(join(root, file), join(target, file));
    } catch {
      // a file deleted in the work tree but still tracked: skip it
    }
  }
  const git = (...args: string[]) => execFileSync("git", args, { cwd: target, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=check@localhost", "-c", "user.name=check", "commit", "-qm", "snapshot");
  return target;
}

/**
 * For each provider, appends a comment to its spec in a copy of the repo and reports which
 * `generate` tasks changed hash. Correct wiring: exactly that provider's task, nothing else.
 */
export function generateTasksInvalidatedBySpec(registry: Registry, root = repoRoot): Map<string, string[]> {
  const copy = copyRepo(root);
  try {
    const hashes = () => taskHashes("generate", copy);
    const result = new Map<string, string[]>();
    for (const entry of registry.providers) {
      const before = hashes();
      const spec = join(copy, "specs", entry.spec);
      execFileSync("sh", ["-c", `printf '\\n# touched by check-turbo-inputs\\n' >> "$1"`, "sh", spec]);
      const after = hashes();
      result.set(
        entry.packageName,
        [...after].filter(([id, hash]) => before.get(id) !== hash).map(([id]) => id),
      );
    }
    return result;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * For each package holding `src/testing` sources (the mocks the emulator imports), appends a comment to
 * one of them in a copy of the repo and reports which `test` tasks changed hash. Correct wiring: every
 * provider's test (they all run the shared suite on the emulator) and the scripts' tests.
 */
export function testTasksInvalidatedByTestingSources(registry: Registry, root = repoRoot): Map<string, string[]> {
  const copy = copyRepo(root);
  try {
    const hashes = () => taskHashes("test", copy);
    const result = new Map<string, string[]>();
    for (const entry of registry.providers) {
      const folder = join(copy, "packages", entry.id, "src", "testing");
      if (!existsSync(folder)) continue;
      const file = readdirSync(folder).find((name) => name.endsWith(".ts") && !name.includes(".test."));
      if (!file) continue;
      const before = hashes();
      appendFileSync(join(folder, file), "\n// touched by check-turbo-inputs\n");
      const after = hashes();
      result.set(
        `packages/${entry.id}/src/testing/${file}`,
        [...after].filter(([id, hash]) => before.get(id) !== hash).map(([id]) => id),
      );
    }
    return result;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * Runs a provider package's own scripts (typecheck, test) against staged generated code, in a
 * throw-away copy of the package, so a failing check never touches the real tree.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, relative } from "node:path";
import { syncReports } from "../api-report.ts";
import type { GeneratedFile } from "../generate-provider.ts";
import { cleanupOnInterrupt } from "./interrupt.ts";

/** A package check that failed, with the tail of its output. */
export class PackageCheckError extends Error {
  override name = "PackageCheckError";
}

/** How one check went. */
export interface PackageCheckResult {
  script: string;
  durationMs: number;
}

const SKIP = new Set(["node_modules", "dist", ".turbo", "coverage"]);

function run(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    // Its own process group, so a timeout or Ctrl-C stops the script and everything it started.
    const child = spawn(command, { cwd, env, shell: true, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const stop = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // Already gone.
        }
      }
    };
    const release = cleanupOnInterrupt(stop);
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-20_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(stop, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      release();
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      release();
      resolvePromise({ code: code ?? (signal ? 124 : 1), output });
    });
  });
}

/**
 * Runs one package.json script of the package in `packageDir` the way pnpm would (its own and the
 * root's node_modules/.bin on PATH); throws PackageCheckError with the output's tail when it fails.
 */
export async function runPackageScript(options: {
  root: string;
  packageDir: string;
  script: string;
  timeoutMs?: number;
}): Promise<PackageCheckResult> {
  const { packageDir, script } = options;
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
    name?: string;
    scripts?: Record<string, string>;
  };
  const label = manifest.name ?? basename(packageDir);
  const command = manifest.scripts?.[script];
  if (!command) throw new PackageCheckError(`${label}: package.json has no "${script}" script`);
  const env = {
    ...process.env,
    PATH: [join(packageDir, "node_modules/.bin"), join(options.root, "node_modules/.bin"), process.env.PATH ?? ""].join(
      delimiter,
    ),
    FORCE_COLOR: "0",
    NO_COLOR: "1",
    CI: "1",
  };
  const started = performance.now();
  const { code, output } = await run(command, packageDir, env, options.timeoutMs ?? 300_000);
  if (code !== 0) {
    const tail = output.trimEnd().split("\n").slice(-40).join("\n");
    throw new PackageCheckError(`${label}: \`${script}\` failed (exit ${code}):\n${tail}`);
  }
  return { script, durationMs: Math.round(performance.now() - started) };
}

/** An API report (`review/*.api.md`) of the package built from the new code. */
export interface ApiReportFile {
  /** Path relative to the package folder (`review/dollr.api.md`). */
  path: string;
  text: string;
  status: "same" | "changed" | "missing";
}

/** What {@link runPackageChecks} ran and, with `apiReport`, the package's new API reports. */
export interface PackageCheckRun {
  checks: PackageCheckResult[];
  reports: ApiReportFile[];
}

/**
 * Copies `root/packages/<dir>` (node_modules linked, not copied) with `generated` swapped in, then runs
 * the named package.json scripts there in order; throws PackageCheckError on the first failure. With
 * `apiReport`, then builds the copy and generates its api-extractor reports. The copy is deleted when
 * done, on failure, and on Ctrl-C (SIGINT/SIGTERM).
 */
export async function runPackageChecks(options: {
  root: string;
  packageDir: string;
  generated: GeneratedFile[];
  /** Extra files relative to the sandbox root (the staged spec), written after the copy. */
  extraFiles?: { path: string; contents: string | Buffer }[];
  scripts?: string[];
  /** Build the copy (`build` script) and generate its API reports (default false). */
  apiReport?: boolean;
  timeoutMs?: number;
}): Promise<PackageCheckRun> {
  const scripts = options.scripts ?? ["typecheck", "test"];
  const sandbox = mkdtempSync(join(tmpdir(), "scope-pkg-check-"));
  const release = cleanupOnInterrupt(() => rmSync(sandbox, { recursive: true, force: true }));
  try {
    const packageRelative = relative(options.root, options.packageDir);
    const target = join(sandbox, packageRelative);
    // Everything but specs/ and the package under test is linked, so tests that import shared code
    // (scripts/, sibling packages) see the repository as it is.
    for (const name of readdirSync(options.root)) {
      if (name === ".git" || name === "specs" || name === "packages") continue;
      symlinkSync(join(options.root, name), join(sandbox, name));
    }
    cpSync(join(options.root, "specs"), join(sandbox, "specs"), { recursive: true });
    mkdirSync(join(sandbox, "packages"));
    for (const name of readdirSync(join(options.root, "packages"))) {
      const source = join(options.root, "packages", name);
      if (source !== options.packageDir) symlinkSync(source, join(sandbox, "packages", name));
    }
    cpSync(options.packageDir, target, {
      recursive: true,
      filter: (source) => !SKIP.has(basename(source)) || dirname(source) !== options.packageDir,
    });
    symlinkSync(join(options.packageDir, "node_modules"), join(target, "node_modules"), "dir");
    rmSync(join(target, "src/generated"), { recursive: true, force: true });
    for (const file of options.generated) {
      mkdirSync(dirname(join(target, file.path)), { recursive: true });
      writeFileSync(join(target, file.path), file.contents);
    }
    for (const file of options.extraFiles ?? []) writeFileSync(join(sandbox, file.path), file.contents);

    const results: PackageCheckResult[] = [];
    const timeout = options.timeoutMs ? { timeoutMs: options.timeoutMs } : {};
    for (const script of scripts) {
      results.push(await runPackageScript({ root: options.root, packageDir: target, script, ...timeout }));
    }
    if (!options.apiReport) return { checks: results, reports: [] };
    results.push(await runPackageScript({ root: options.root, packageDir: target, script: "build", ...timeout }));
    return { checks: results, reports: apiReportsOf(target) };
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
    release();
  }
}

/** The api-extractor reports of the built package in `dir`; throws PackageCheckError on an extractor error. */
function apiReportsOf(dir: string): ApiReportFile[] {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; exports?: unknown };
  return syncReports(dir, manifest, false).map(({ path, status, generated }) => {
    const file = relative(dir, path).split("\\").join("/");
    if (generated.errors.length > 0) {
      throw new PackageCheckError(`${manifest.name}: API report ${file} not generated: ${generated.errors.join("; ")}`);
    }
    return { path: file, text: generated.text, status };
  });
}

/**
 * Builds the workspace packages `packageName` depends on (`turbo run build --filter=<name>^...`), so its
 * typecheck and tests can resolve them on a fresh clone; throws PackageCheckError when the build fails.
 */
export async function buildDependencies(options: {
  root: string;
  packageName: string;
  timeoutMs?: number;
}): Promise<PackageCheckResult> {
  const env = {
    ...process.env,
    PATH: [join(options.root, "node_modules/.bin"), process.env.PATH ?? ""].join(delimiter),
    FORCE_COLOR: "0",
    NO_COLOR: "1",
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
  };
  const script = `build --filter=${options.packageName}^...`;
  const started = performance.now();
  const { code, output } = await run(
    `turbo run build --filter='${options.packageName}^...' --output-logs=errors-only`,
    options.root,
    env,
    options.timeoutMs ?? 600_000,
  );
  if (code !== 0) {
    const tail = output.trimEnd().split("\n").slice(-40).join("\n");
    throw new PackageCheckError(`building the dependencies of ${options.packageName} failed (exit ${code}):\n${tail}`);
  }
  return { script, durationMs: Math.round(performance.now() - started) };
}

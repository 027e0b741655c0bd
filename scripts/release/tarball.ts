import { execFileSync } from "node:child_process";
import type { RepositoryInfo } from "../lib/package-files.ts";
import type { Manifest } from "./workspace.ts";

/** Paths that must never ship in a published tarball (tests, fixtures, specs, sources, test maps). */
export const FORBIDDEN_TARBALL_PATHS: readonly { pattern: RegExp; why: string }[] = [
  { pattern: /\.test(-d)?\.[cm]?[jt]sx?(\.map)?$/, why: "a test file" },
  { pattern: /\.spec\.[cm]?[jt]sx?(\.map)?$/, why: "a test file" },
  { pattern: /\.test(-d)?\.d\.[cm]?ts(\.map)?$/, why: "types of a test file" },
  { pattern: /(^|\/)(test|tests|__tests__|fixtures|__fixtures__|__mocks__)\//, why: "a test or fixture folder" },
  { pattern: /(^|\/)specs\//, why: "the vendored specs folder" },
  { pattern: /(^|\/)src\//, why: "TypeScript sources (only dist ships)" },
  { pattern: /(^|\/)(vitest|tsup|vite)\.config\./, why: "build or test configuration" },
  { pattern: /(^|\/)tsconfig[^/]*\.json$/, why: "a tsconfig" },
  { pattern: /(^|\/)\.turbo\//, why: "turbo cache" },
  { pattern: /(^|\/)(bench|benchmarks)\//, why: "benchmarks" },
];

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"] as const;

/** Lists the files inside a .tgz (paths without the leading `package/`). */
export function listTarball(file: string): string[] {
  const out = execFileSync("tar", ["-tzf", file], { encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""));
}

/** Reads package/package.json out of a .tgz. */
export function readTarballManifest(file: string): Manifest {
  const out = execFileSync("tar", ["-xzOf", file, "package/package.json"], { encoding: "utf8" });
  return JSON.parse(out) as Manifest;
}

/** Reads one file out of a .tgz (path without the leading `package/`); undefined when absent. */
export function readTarballFile(file: string, path: string): string | undefined {
  try {
    return execFileSync("tar", ["-xzOf", file, `package/${path}`], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
  } catch {
    return undefined;
  }
}

/** Files npm always packs whatever `files` says. */
const ALWAYS_PACKED = /^(package\.json|README(\.[^/]*)?|LICEN[CS]E(\.[^/]*)?|CHANGELOG\.md)$/i;

/** Entries outside the manifest's `files` list, and a missing `files` list (everything would ship). */
export function filesProblems(entries: readonly string[], manifest: Manifest): string[] {
  const files = manifest.files;
  if (files === undefined || files.length === 0) return ['"files" is missing: npm would publish the whole folder'];
  const allowed = files.map((f) => f.replace(/^\.\//, "").replace(/\/$/, ""));
  return entries
    .filter((entry) => !ALWAYS_PACKED.test(entry))
    .filter((entry) => !allowed.some((f) => entry === f || entry.startsWith(`${f}/`)))
    .map((entry) => `${entry} is not covered by "files" (${files.join(", ")})`);
}

/** The registry page's README must exist and be this package's (its first heading names it). */
export function readmeProblems(readme: string | undefined, name: string): string[] {
  if (readme === undefined || readme.trim() === "") return ["README.md is missing: the registry page would be empty"];
  const heading = readme.split("\n").find((line) => line.startsWith("# "));
  if (heading === undefined) return [`README.md has no "# " title naming ${name}`];
  const named: string[] = heading.match(/@[\w.-]+\/[\w.-]+/g) ?? [];
  if (!named.includes(name)) return [`README.md's title "${heading}" does not name ${name}`];
  return [];
}

/** Problems with one packed package: forbidden files, `workspace:` ranges, missing entry files. */
export function tarballProblems(entries: readonly string[], manifest: Manifest): string[] {
  const problems: string[] = [];
  for (const entry of entries) {
    for (const { pattern, why } of FORBIDDEN_TARBALL_PATHS) {
      if (pattern.test(entry)) {
        problems.push(`${entry}: ${why} must not be published`);
        break;
      }
    }
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith("workspace:"))
        problems.push(`${field}.${dep} is "${range}": workspace ranges must be rewritten`);
    }
  }
  const shipped = new Set(entries);
  for (const target of exportTargets(manifest.exports)) {
    const path = target.replace(/^\.\//, "");
    if (!path.includes("*") && !shipped.has(path))
      problems.push(`exports points at ${target}, which is not in the tarball`);
  }
  if (!shipped.has("package.json")) problems.push("package.json is missing");
  return problems;
}

/** Every file path string in an `exports` map. */
export function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === "string") return [exportsField];
  if (Array.isArray(exportsField)) return exportsField.flatMap(exportTargets);
  if (exportsField !== null && typeof exportsField === "object") {
    return Object.values(exportsField as Record<string, unknown>).flatMap(exportTargets);
  }
  return [];
}

/**
 * Problems with the registry-facing metadata of a packed manifest: npm refuses a provenance publish
 * whose `repository.url` does not match the repository that built it, and a package page without
 * `homepage`, `bugs`, `description` or `license` leaves users nowhere to go.
 */
export function metadataProblems(manifest: Manifest, repository: RepositoryInfo, directory: string): string[] {
  const problems: string[] = [];
  const repo = manifest.repository;
  if (repo === undefined) problems.push(`repository is missing: npm provenance needs repository.url ${repository.url}`);
  else if (typeof repo === "string" || repo.url !== repository.url)
    problems.push(`repository.url must be ${repository.url} (npm provenance compares it with the building repository)`);
  else if (repo.directory !== directory) problems.push(`repository.directory must be "${directory}"`);
  if (typeof manifest.homepage !== "string" || !manifest.homepage.startsWith(repository.web))
    problems.push(`homepage must point into ${repository.web}`);
  const bugs = typeof manifest.bugs === "string" ? manifest.bugs : manifest.bugs?.url;
  if (bugs !== `${repository.web}/issues`) problems.push(`bugs.url must be ${repository.web}/issues`);
  if (!manifest.description) problems.push("description is missing");
  if (!manifest.license) problems.push("license is missing");
  return problems;
}

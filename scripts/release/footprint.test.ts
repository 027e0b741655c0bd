import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bytesOnDisk, listInstalled, reachableFrom, resolveFrom } from "./footprint.ts";

const scratch = mkdtempSync(join(tmpdir(), "scope-footprint-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function install(root: string, path: string, manifest: Record<string, unknown>): void {
  mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, path, "package.json"), JSON.stringify(manifest));
}

// A project that installed @scope/dollr; `a` needs its own nested zod@3; `stray` is left over.
const project = join(scratch, "project");
install(project, "node_modules/@scope/dollr", {
  name: "@scope/dollr",
  version: "0.2.0",
  dependencies: { "@scope/auth-core": "^0.2.0", a: "^1.0.0" },
  peerDependencies: { "not-installed-peer": "^1.0.0" },
});
install(project, "node_modules/@scope/auth-core", {
  name: "@scope/auth-core",
  version: "0.2.1",
  dependencies: { zod: "^4" },
});
install(project, "node_modules/a", { name: "a", version: "1.0.0", dependencies: { zod: "^3" } });
install(project, "node_modules/a/node_modules/zod", { name: "zod", version: "3.0.0" });
install(project, "node_modules/zod", { name: "zod", version: "4.0.0" });
install(project, "node_modules/stray", { name: "stray", version: "9.9.9" });

describe("listInstalled", () => {
  it("finds scoped, hoisted and nested packages", () => {
    expect(listInstalled(project).map((p) => `${p.path} ${p.version}`)).toEqual([
      "node_modules/@scope/auth-core 0.2.1",
      "node_modules/@scope/dollr 0.2.0",
      "node_modules/a 1.0.0",
      "node_modules/a/node_modules/zod 3.0.0",
      "node_modules/stray 9.9.9",
      "node_modules/zod 4.0.0",
    ]);
  });
});

describe("resolveFrom", () => {
  it("prefers a nested copy and falls back to the hoisted one, like Node", () => {
    const byPath = new Map(listInstalled(project).map((p) => [p.path, p]));
    expect(resolveFrom(byPath, "node_modules/a", "zod")).toBe("node_modules/a/node_modules/zod");
    expect(resolveFrom(byPath, "node_modules/@scope/auth-core", "zod")).toBe("node_modules/zod");
    expect(resolveFrom(byPath, "node_modules/a/node_modules/zod", "a")).toBe("node_modules/a");
    expect(resolveFrom(byPath, "", "missing")).toBeUndefined();
  });
});

describe("reachableFrom", () => {
  it("reports what the root package does not need and what it needs but lacks", () => {
    const result = reachableFrom(listInstalled(project), ["@scope/dollr", "absent"]);
    expect(result.unreachable.map((p) => p.name)).toEqual(["stray"]);
    expect(result.reachable.map((p) => p.path)).toHaveLength(5);
    expect(result.missing).toEqual(["absent (needed by the project)"]);
  });
});

describe("bytesOnDisk", () => {
  it("adds up file sizes and does not follow symlinks", () => {
    const dir = join(scratch, "sizes");
    mkdirSync(join(dir, "sub"), { recursive: true });
    writeFileSync(join(dir, "a.txt"), "12345");
    writeFileSync(join(dir, "sub", "b.txt"), "123");
    symlinkSync(join(dir, "a.txt"), join(dir, "link.txt"));
    expect(bytesOnDisk(dir)).toBe(8);
  });
});

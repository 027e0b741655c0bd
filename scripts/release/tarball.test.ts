import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repositoryFields, rootRepository } from "../lib/package-files.ts";
import {
  exportTargets,
  filesProblems,
  listTarball,
  metadataProblems,
  readmeProblems,
  readTarballFile,
  readTarballManifest,
  tarballProblems,
} from "./tarball.ts";
import type { Manifest } from "./workspace.ts";

const scratch = mkdtempSync(join(tmpdir(), "scope-tarball-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const exportsMap = {
  ".": {
    import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
    require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
  },
  "./package.json": "./package.json",
};
const manifest: Manifest = {
  name: "@scope/example",
  version: "1.0.0",
  exports: exportsMap,
  dependencies: { "@scope/auth-core": "^1.0.0", zod: "^4.0.0" },
};
const cleanEntries = [
  "package.json",
  "README.md",
  "dist/index.js",
  "dist/index.cjs",
  "dist/index.d.ts",
  "dist/index.d.cts",
];

function pack(files: Record<string, string>): string {
  const root = join(scratch, `pkg-${Object.keys(files).length}-${Math.random().toString(36).slice(2)}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, "package", path)), { recursive: true });
    writeFileSync(join(root, "package", path), content);
  }
  const file = `${root}.tgz`;
  execFileSync("tar", ["-czf", file, "-C", root, "package"]);
  return file;
}

describe("tarballProblems", () => {
  it("accepts a package with only dist, README and a rewritten manifest", () => {
    expect(tarballProblems(cleanEntries, manifest)).toEqual([]);
  });

  it("names tests, type tests, fixtures, specs and sources", () => {
    const entries = [
      ...cleanEntries,
      "dist/client.test.js",
      "dist/types.test-d.d.ts",
      "dist/client.test.js.map",
      "src/fixtures/token.json",
      "specs/dollr.openapi.yaml",
      "src/index.ts",
      "test/e2e.ts",
    ];
    expect(tarballProblems(entries, manifest)).toEqual([
      "dist/client.test.js: a test file must not be published",
      "dist/types.test-d.d.ts: types of a test file must not be published",
      "dist/client.test.js.map: a test file must not be published",
      "src/fixtures/token.json: a test or fixture folder must not be published",
      "specs/dollr.openapi.yaml: the vendored specs folder must not be published",
      "src/index.ts: TypeScript sources (only dist ships) must not be published",
      "test/e2e.ts: a test or fixture folder must not be published",
    ]);
  });

  it("names workspace ranges that were not rewritten", () => {
    const raw: Manifest = { ...manifest, peerDependencies: { "@scope/auth-core": "workspace:^" } };
    expect(tarballProblems(cleanEntries, raw)).toEqual([
      'peerDependencies.@scope/auth-core is "workspace:^": workspace ranges must be rewritten',
    ]);
  });

  it("names export targets that are missing from the tarball", () => {
    const entries = cleanEntries.filter((e) => e !== "dist/index.d.cts");
    expect(tarballProblems(entries, manifest)).toEqual([
      "exports points at ./dist/index.d.cts, which is not in the tarball",
    ]);
  });
});

describe("exportTargets", () => {
  it("collects every path of a nested exports map", () => {
    expect(exportTargets(exportsMap)).toEqual([
      "./dist/index.d.ts",
      "./dist/index.js",
      "./dist/index.d.cts",
      "./dist/index.cjs",
      "./package.json",
    ]);
  });
});

describe("listTarball and readTarballManifest", () => {
  it("read a real .tgz the way npm lays it out", () => {
    const file = pack({ "package.json": JSON.stringify(manifest), "dist/index.js": "export {};\n" });
    expect(listTarball(file).sort()).toEqual(["dist/index.js", "package.json"]);
    expect(readTarballManifest(file)).toEqual(manifest);
  });
});

describe("metadataProblems", () => {
  const repository = { url: "git+https://github.com/acme/sdks.git", web: "https://github.com/acme/sdks" };
  const described: Manifest = {
    ...manifest,
    description: "Example client.",
    license: "MIT",
    ...repositoryFields("packages/example", repository),
  };

  it("accepts the fields repositoryFields writes, read back from a packed tarball", () => {
    const file = pack({ "package.json": JSON.stringify(described), "dist/index.js": "export {};\n" });
    expect(metadataProblems(readTarballManifest(file), repository, "packages/example")).toEqual([]);
  });

  it("fails a packed package without repository, homepage or bugs, naming each", () => {
    const { repository: _r, homepage: _h, bugs: _b, ...bare } = described;
    const file = pack({ "package.json": JSON.stringify(bare), "dist/index.js": "export {};\n" });
    expect(metadataProblems(readTarballManifest(file), repository, "packages/example")).toEqual([
      "repository is missing: npm provenance needs repository.url git+https://github.com/acme/sdks.git",
      "homepage must point into https://github.com/acme/sdks",
      "bugs.url must be https://github.com/acme/sdks/issues",
    ]);
  });

  it("fails a repository of another project, a string form or the wrong directory", () => {
    const other = { ...described, repository: { type: "git", url: "git+https://github.com/other/sdks.git" } };
    expect(metadataProblems(other, repository, "packages/example")).toEqual([
      "repository.url must be git+https://github.com/acme/sdks.git (npm provenance compares it with the building repository)",
    ]);
    expect(metadataProblems({ ...described, repository: "acme/sdks" }, repository, "packages/example")).toHaveLength(1);
    expect(metadataProblems(described, repository, "packages/other")).toEqual([
      'repository.directory must be "packages/other"',
    ]);
  });

  it("reads the monorepo's repository from the root package.json", () => {
    expect(rootRepository()).toEqual({
      url: "git+https://github.com/scope-sdks/scope-sdks.git",
      web: "https://github.com/scope-sdks/scope-sdks",
    });
  });
});

describe("filesProblems", () => {
  const withFiles: Manifest = { ...manifest, files: ["dist", "README.md", "CHANGELOG.md"] };

  it("accepts dist, the README, the changelog, a licence and package.json", () => {
    expect(filesProblems([...cleanEntries, "LICENSE", "CHANGELOG.md"], withFiles)).toEqual([]);
  });

  it("names entries outside files, and a manifest without files", () => {
    expect(filesProblems([...cleanEntries, "scripts/postinstall.js"], withFiles)).toEqual([
      'scripts/postinstall.js is not covered by "files" (dist, README.md, CHANGELOG.md)',
    ]);
    expect(filesProblems(cleanEntries, manifest)).toEqual(['"files" is missing: npm would publish the whole folder']);
  });
});

describe("readmeProblems", () => {
  it("accepts a README whose title names the package, read from a packed tarball", () => {
    const file = pack({ "package.json": "{}", "README.md": "# @scope/example\n\nTyped client.\n" });
    expect(readmeProblems(readTarballFile(file, "README.md"), "@scope/example")).toEqual([]);
    expect(readTarballFile(file, "CHANGELOG.md")).toBeUndefined();
  });

  it("names a missing README, an untitled one and another package's README", () => {
    expect(readmeProblems(undefined, "@scope/example")).toEqual([
      "README.md is missing: the registry page would be empty",
    ]);
    expect(readmeProblems("Just text\n", "@scope/example")).toEqual([
      'README.md has no "# " title naming @scope/example',
    ]);
    expect(readmeProblems("# @scope/example-core\n", "@scope/example")).toEqual([
      'README.md\'s title "# @scope/example-core" does not name @scope/example',
    ]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkOptionalEntries, type EntryPackage, entryPoints, formatViolations, ownedBy } from "./optional-entries.ts";

const scratch = mkdtempSync(join(tmpdir(), "scope-optional-entries-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const entry = (file: string) => ({ import: { types: file.replace(".js", ".d.ts"), default: file } });

/** A fixture workspace: @fx/core (default, ./testing, ./validation) and @fx/provider on top of it. */
function workspace(name: string, files: Record<string, string>): { root: string; packages: EntryPackage[] } {
  const root = join(scratch, name);
  const base: Record<string, string> = {
    "packages/core/src/index.ts": 'export const core = () => "core";\n',
    "packages/core/src/testing.ts":
      'import { helper } from "./testing/helper.ts";\nexport const mock = () => helper();\n',
    "packages/core/src/testing/helper.ts": 'export const helper = () => "a mock authority".repeat(20);\n',
    "packages/core/src/validation.ts": 'export const validate = (x: unknown) => typeof x === "object";\n',
    "packages/provider/src/index.ts": 'import { core } from "@fx/core";\nexport const client = () => core();\n',
    "packages/provider/src/testing.ts": 'export { mock } from "@fx/core/testing";\n',
  };
  for (const [file, text] of Object.entries({ ...base, ...files })) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  const pkg = (dirName: string, pkgName: string, subpaths: string[]): EntryPackage => ({
    name: pkgName,
    dir: join(root, "packages", dirName),
    manifest: {
      name: pkgName,
      version: "1.0.0",
      exports: Object.fromEntries([
        [".", entry("./dist/index.js")],
        ...subpaths.map((sub) => [`./${sub}`, entry(`./dist/${sub}.js`)]),
        ["./package.json", "./package.json"],
      ]),
    },
  });
  return {
    root,
    packages: [pkg("core", "@fx/core", ["testing", "validation"]), pkg("provider", "@fx/provider", ["testing"])],
  };
}

describe("entryPoints", () => {
  it("reads every optional entry from the exports map (a new ./validation included) and skips package.json", () => {
    const { root, packages } = workspace("entries", {});
    const core = entryPoints(packages[0] as EntryPackage, root);
    expect(core.main).toEqual({ specifier: "@fx/core", sourceFile: "packages/core/src/index.ts" });
    expect(core.optional.map((e) => e.specifier)).toEqual(["@fx/core/testing", "@fx/core/validation"]);
  });

  it("names an entry whose source file it cannot find", () => {
    const { root, packages } = workspace("no-source", {});
    const broken = { ...(packages[0] as EntryPackage) };
    broken.manifest = {
      ...broken.manifest,
      exports: { ".": entry("./dist/index.js"), "./gone": entry("./dist/gone.js") },
    };
    expect(() => entryPoints(broken, root)).toThrow(/@fx\/core\/gone: no source file for \.\/dist\/gone\.js/);
  });
});

describe("ownedBy", () => {
  it("gives an optional entry its source file and the folder named after it, nothing else", () => {
    const testing = { specifier: "@fx/core/testing", sourceFile: "packages/core/src/testing.ts" };
    expect(ownedBy(testing, "packages/core/src/testing.ts")).toBe(true);
    expect(ownedBy(testing, "packages/core/src/testing/helper.ts")).toBe(true);
    expect(ownedBy(testing, "packages/core/src/testing-free.ts")).toBe(false);
    expect(ownedBy(testing, "packages/core/src/index.ts")).toBe(false);
  });
});

describe("checkOptionalEntries", () => {
  it("passes when no default entry reaches an optional entry's modules", async () => {
    const { root, packages } = workspace("clean", {});
    const result = await checkOptionalEntries(packages, root);
    expect(result.defaults).toEqual(["@fx/core", "@fx/provider"]);
    expect(result.optional).toEqual(["@fx/core/testing", "@fx/core/validation", "@fx/provider/testing"]);
    expect(result.violations).toEqual([]);
  });

  it("fails a default entry that imports another package's optional entry, naming module and importer", async () => {
    const { root, packages } = workspace("cross-package", {
      "packages/provider/src/index.ts":
        'import { core } from "@fx/core";\nimport { mock } from "@fx/core/testing";\nexport const client = () => core() + mock();\n',
    });
    const { violations } = await checkOptionalEntries(packages, root);
    expect(violations.map((v) => [v.defaultEntry, v.optionalEntry, v.module])).toEqual([
      ["@fx/provider", "@fx/core/testing", "packages/core/src/testing.ts"],
      ["@fx/provider", "@fx/core/testing", "packages/core/src/testing/helper.ts"],
    ]);
    expect(formatViolations(violations)).toContain(
      "@fx/provider contains packages/core/src/testing.ts (part of the optional entry @fx/core/testing), imported by packages/provider/src/index.ts",
    );
  });

  it("fails a default entry that imports a module inside an optional entry's folder", async () => {
    const { root, packages } = workspace("own-folder", {
      "packages/core/src/index.ts":
        'import { helper } from "./testing/helper.ts";\nexport const core = () => helper();\n',
    });
    const { violations } = await checkOptionalEntries(packages, root);
    expect(violations.map((v) => `${v.defaultEntry} > ${v.module}`)).toEqual([
      "@fx/core > packages/core/src/testing/helper.ts",
      "@fx/provider > packages/core/src/testing/helper.ts",
    ]);
  });
});

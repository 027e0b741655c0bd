import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findBuiltinImports, isNodeBuiltin } from "./find-builtin-imports.ts";
import { runtimeEntries } from "./runtime-entries.ts";

const scratch = mkdtempSync(join(tmpdir(), "scope-builtin-imports-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const path = join(scratch, file);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe("isNodeBuiltin", () => {
  it("recognises node: specifiers, bare built-ins and their subpaths, and nothing else", () => {
    expect(["node:crypto", "crypto", "fs/promises", "node:test", "buffer"].every(isNodeBuiltin)).toBe(true);
    expect(["openapi-fetch", "zod/mini", "./crypto.js", "@scope/auth-core"].some(isNodeBuiltin)).toBe(false);
  });
});

describe("findBuiltinImports", () => {
  it('fails on a planted `import "node:crypto"` in an entry', async () => {
    const entry = write("planted/index.js", 'import "node:crypto";\nexport const x = 1;\n');
    expect(await findBuiltinImports(entry, scratch)).toEqual([
      { importer: "planted/index.js", specifier: "node:crypto" },
    ]);
  });

  it("finds bare built-ins in CJS requires and in files the entry imports, dependencies included", async () => {
    write(
      "node_modules/dep/package.json",
      JSON.stringify({ name: "dep", type: "module", exports: { ".": "./index.js" } }),
    );
    write("node_modules/dep/index.js", 'import { Buffer } from "buffer";\nexport const b = Buffer;\n');
    write("deep/helper.js", 'export { createHash } from "crypto";\n');
    const esm = write("deep/index.js", 'export * from "./helper.js";\nexport { b } from "dep";\n');
    const cjs = write("deep/index.cjs", 'module.exports = require("fs/promises");\n');
    expect(await findBuiltinImports(esm, scratch)).toEqual(
      expect.arrayContaining([
        { importer: "deep/helper.js", specifier: "crypto" },
        { importer: "node_modules/dep/index.js", specifier: "buffer" },
      ]),
    );
    expect(await findBuiltinImports(cjs, scratch)).toEqual([{ importer: "deep/index.cjs", specifier: "fs/promises" }]);
  });

  it("passes code that only uses Web APIs", async () => {
    const entry = write(
      "clean/index.js",
      "export const digest = (s) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));\n",
    );
    expect(await findBuiltinImports(entry, scratch)).toEqual([]);
  });
});

describe("runtimeEntries", () => {
  it("lists every JavaScript file behind the root export, under any condition, and not ./testing", () => {
    const manifest = {
      name: "@scope/x",
      version: "1.0.0",
      exports: {
        ".": {
          workerd: { types: "./dist/index.d.ts", default: "./dist/index.js" },
          import: { types: "./dist/index.d.ts", default: "./dist/index.js" },
          require: { types: "./dist/index.d.cts", default: "./dist/index.cjs" },
        },
        "./testing": { import: "./dist/testing.js" },
      },
    };
    expect(runtimeEntries({ name: "@scope/x", dir: "/p", manifest })).toEqual([
      "/p/dist/index.cjs",
      "/p/dist/index.js",
    ]);
  });
});

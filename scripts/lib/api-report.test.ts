import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  apiEntryPoints,
  compareReport,
  generateReport,
  isGeneratedSource,
  isReexportNamespace,
  staleReportMessage,
  syncReports,
} from "./api-report.ts";

const manifest = {
  name: "@scope/acme",
  exports: {
    ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" } },
    "./testing": { import: { types: "./dist/testing.d.ts", default: "./dist/testing.js" } },
    "./package.json": "./package.json",
  },
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A built package folder with one declaration file as its only entry point. */
function builtPackage(dts: string, chunks: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "api-report-test-"));
  dirs.push(dir);
  mkdirSync(join(dir, "dist"));
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "@scope/acme", version: "1.0.0", types: "./dist/index.d.ts" }),
  );
  writeFileSync(join(dir, "dist", "index.d.ts"), dts);
  for (const [name, text] of Object.entries(chunks)) writeFileSync(join(dir, "dist", name), text);
  return dir;
}

const entry = { subpath: ".", types: "./dist/index.d.ts", reportFile: "acme.api.md" };
const v1 = `/** Options. */\nexport interface AcmeOptions {\n  /** OAuth client id. */\n  clientId: string;\n}\n/** Creates a client. */\nexport declare function createAcmeClient(options: AcmeOptions): object;\n`;

describe("apiEntryPoints", () => {
  it("names one report per exports subpath that has types, skipping package.json", () => {
    expect(apiEntryPoints(manifest)).toEqual([
      { subpath: ".", types: "./dist/index.d.ts", reportFile: "acme.api.md" },
      { subpath: "./testing", types: "./dist/testing.d.ts", reportFile: "acme-testing.api.md" },
    ]);
  });
});

// Each api-extractor run builds a TypeScript program: seconds, not milliseconds.
describe("generateReport + compareReport", { timeout: 120_000 }, () => {
  it("records every export, and an unchanged surface compares the same", () => {
    const first = generateReport(builtPackage(v1), entry);
    expect(first.errors).toEqual([]);
    expect(first.text).toContain('## API Report File for "@scope/acme"');
    expect(first.text).toContain("export function createAcmeClient(options: AcmeOptions): object;");
    expect(first.text).toContain("clientId: string;");
    const again = generateReport(builtPackage(v1), entry);
    expect(compareReport(again.text, first.text)).toBe("same");
  });

  it("flags a new export, a changed signature and a missing report, with the fix command", () => {
    const committed = generateReport(builtPackage(v1), entry).text;
    expect(committed).toContain("createAcmeClient");
    const added = generateReport(
      builtPackage(`${v1}/** Schema. */\nexport declare const acmeSchema: { parse(x: unknown): unknown };\n`),
      entry,
    );
    expect(compareReport(added.text, committed)).toBe("changed");
    const retyped = generateReport(builtPackage(v1.replace("clientId: string;", "clientId: number;")), entry);
    expect(compareReport(retyped.text, committed)).toBe("changed");
    expect(compareReport(committed, undefined)).toBe("missing");
    expect(staleReportMessage("@scope/acme", entry, "packages/acme/review/acme.api.md", "changed")).toBe(
      "@scope/acme: the public API no longer matches packages/acme/review/acme.api.md. If the change is intended, run `pnpm api:update` and commit packages/acme/review/acme.api.md so reviewers see it.",
    );
  });

  it("reports a declaration file that does not compile as an error", () => {
    const broken = generateReport(builtPackage(`export declare function f(): Missing;\n`), entry);
    expect(broken.errors.join("\n")).toMatch(/Missing/);
  });
});

describe("undocumented items", { timeout: 120_000 }, () => {
  // What openapi-typescript writes: no doc comments on `paths` or its members.
  const generated = `export interface paths {\n  "/v1/token": { post: { requestBody: { grant_type: string } } };\n}\n`;

  it("fails the check on an undocumented hand-written export or member, naming it", () => {
    const bareExport = generateReport(builtPackage(`${v1}export declare function refreshAcme(): void;\n`), entry);
    expect(bareExport.errors.join("\n")).toMatch(/ae-undocumented.*refreshAcme/);
    const bareMember = generateReport(builtPackage(v1.replace("  /** OAuth client id. */\n", "")), entry);
    expect(bareMember.errors.join("\n")).toMatch(/ae-undocumented.*clientId/);
  });

  it("lets undocumented declarations from a generated chunk through, and still reports them", () => {
    const dts = `${v1}export type { paths } from "./openapi.gen-AB12cd.js";\n`;
    const report = generateReport(builtPackage(dts, { "openapi.gen-AB12cd.d.ts": generated }), entry);
    expect(report.errors).toEqual([]);
    expect(report.text).toContain("export interface paths");
  });

  it("lets the bundler's shell of an `export * as` namespace through, not a namespace with its own declarations", () => {
    // What the declaration bundler writes for `export * as tools from "./tools.js"` (the doc comment dropped).
    const shell = `/** Parses. */\ndeclare function parseA(): void;\ndeclare namespace tools {\n  export { parseA as a };\n}\nexport { tools };\n`;
    expect(generateReport(builtPackage(shell), entry).errors).toEqual([]);
    const own = `/** Parses. */\ndeclare function parseA(): void;\ndeclare namespace tools {\n  const version: string;\n}\nexport { parseA, tools };\n`;
    expect(generateReport(builtPackage(own), entry).errors.join("\n")).toMatch(/ae-undocumented.*"tools"/);
  });

  it("tells a re-export namespace shell from a namespace with its own declarations", () => {
    expect(isReexportNamespace(["declare namespace s {", "  export { a as b, c };", "}"], 1)).toBe(true);
    expect(isReexportNamespace(["declare namespace s {", "  const v: string;", "}"], 1)).toBe(false);
    expect(isReexportNamespace(["declare namespace s {", "  export { a };", "  const v: string;", "}"], 1)).toBe(false);
  });

  it("recognises generated sources and bundler chunks by name, not hand-written files", () => {
    expect(isGeneratedSource("/p/dist/openapi.gen-B3x_9.d.ts")).toBe(true);
    expect(isGeneratedSource("/p/src/generated/openapi.gen.ts")).toBe(true);
    expect(isGeneratedSource("/p/dist/schemas.gen.d.ts")).toBe(true);
    expect(isGeneratedSource("/p/dist/index.d.ts")).toBe(false);
    expect(isGeneratedSource("/p/dist/generate-client.d.ts")).toBe(false);
    expect(isGeneratedSource("/p/src/generated/index.ts")).toBe(false);
  });
});

describe("syncReports", { timeout: 120_000 }, () => {
  it("writes a missing report under review/ when asked, and then finds it the same", () => {
    const dir = builtPackage(v1);
    const exportsOnly = { name: "@scope/acme", exports: { ".": { import: { types: "./dist/index.d.ts" } } } };
    const [checked] = syncReports(dir, exportsOnly, false);
    expect(checked?.status).toBe("missing");
    expect(existsSync(join(dir, "review", "acme.api.md"))).toBe(false);
    const [written] = syncReports(dir, exportsOnly, true);
    expect(written?.status).toBe("missing");
    expect(readFileSync(join(dir, "review", "acme.api.md"), "utf8")).toContain("createAcmeClient");
    const [again] = syncReports(dir, exportsOnly, false);
    expect(again?.status).toBe("same");
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkConsumerTypes, consumerSource } from "./consumer.ts";
import { Report } from "./report.ts";

const scratch = mkdtempSync(join(tmpdir(), "scope-consumer-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** A consumer folder with one installed package whose declarations are `types`. */
function project(name: string, types: string): string {
  const dir = join(scratch, name);
  const pkg = join(dir, "node_modules", "fake-sdk");
  mkdirSync(pkg, { recursive: true });
  const entry = (t: string, d: string) => ({ types: t, default: d });
  const exportsMap = {
    ".": { import: entry("./index.d.ts", "./index.js"), require: entry("./index.d.cts", "./index.cjs") },
  };
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "fake-sdk", type: "module", exports: exportsMap }));
  for (const file of ["index.d.ts", "index.d.cts"]) writeFileSync(join(pkg, file), types);
  writeFileSync(join(dir, "package.json"), "{}");
  return dir;
}

const goodTypes = `export interface paths { "/things": { get: { responses: { 200: { content: { "application/json": string } } } } } }
export declare function createFakeClient(options: { clientId: string; clientSecret: string }): { GET(path: "/things"): Promise<string> };
`;

describe("consumerSource", () => {
  it("calls the factory only when one is named", () => {
    expect(consumerSource("fake-sdk", undefined)).not.toContain("client");
    expect(consumerSource("fake-sdk", "createFakeClient")).toContain("sdk.createFakeClient({");
  });
});

/** A report whose lines are collected (the expected failures are asserted on, not printed). */
function collectingReport(): { report: Report; output: () => string } {
  const lines: string[] = [];
  return { report: new Report("test", (text) => lines.push(text)), output: () => lines.join("") };
}

describe("checkConsumerTypes", () => {
  it("passes for a package with real types under nodenext and bundler", { timeout: 120_000 }, async () => {
    const { report, output } = collectingReport();
    await checkConsumerTypes(report, project("good", goodTypes), "fake-sdk", "createFakeClient", tsc, process.env);
    expect(report.failed).toBe(0);
    expect(output()).toContain("ok   consumer type-checks with moduleResolution nodenext (calls createFakeClient)");
    expect(output()).toContain("ok   consumer type-checks with moduleResolution bundler (calls createFakeClient)");
  });

  it("fails when the package's paths type is any", { timeout: 120_000 }, async () => {
    const { report, output } = collectingReport();
    const loose = "export type paths = any;\nexport declare const x: number;\n";
    await checkConsumerTypes(report, project("loose", loose), "fake-sdk", undefined, tsc, process.env);
    expect(report.failed).toBe(2);
    expect(output()).toMatch(
      /FAIL consumer type-checks with moduleResolution nodenext -- .*\n(.*\n)*consumer\.mts\(5,14\): error TS2322/,
    );
    expect(output()).toMatch(
      /FAIL consumer type-checks with moduleResolution bundler -- .*\n(.*\n)*consumer-bundler\.ts\(5,14\): error TS2322/,
    );
  });

  it("fails when the factory does not accept clientId and clientSecret", { timeout: 120_000 }, async () => {
    const { report, output } = collectingReport();
    const wrong = goodTypes.replace("clientSecret: string", "apiKey: string");
    await checkConsumerTypes(report, project("wrong", wrong), "fake-sdk", "createFakeClient", tsc, process.env);
    expect(report.failed).toBe(2);
    expect(output()).toContain("'clientSecret' does not exist in type '{ clientId: string; apiKey: string; }'");
    expect(output()).toMatch(/FAIL consumer type-checks with moduleResolution bundler \(calls createFakeClient\)/);
  });
});

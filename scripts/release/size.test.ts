import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  budgetFromMeasurements,
  compareToBudget,
  esmEntry,
  formatParts,
  formatTable,
  measure,
  partOf,
} from "./size.ts";

const scratch = mkdtempSync(join(tmpdir(), "scope-size-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("esmEntry", () => {
  it("follows exports['.'].import, nested conditions included", () => {
    const exportsMap = { ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" } } };
    expect(esmEntry({ name: "a", version: "1.0.0", exports: exportsMap })).toBe("./dist/index.js");
    expect(esmEntry({ name: "a", version: "1.0.0", exports: "./dist/x.js" })).toBe("./dist/x.js");
  });

  it("names the package when it has no ESM entry", () => {
    expect(() => esmEntry({ name: "@scope/none", version: "1.0.0" })).toThrow(/@scope\/none: no ESM entry/);
  });
});

describe("measure", () => {
  it("bundles runtime dependencies into the measured size and keeps Node built-ins out", async () => {
    const dep = join(scratch, "node_modules", "big-dep");
    mkdirSync(dep, { recursive: true });
    const payload = Array.from({ length: 200 }, (_, i) => `"word${i * 7919}"`).join(",");
    writeFileSync(join(dep, "package.json"), JSON.stringify({ name: "big-dep", type: "module", main: "index.js" }));
    writeFileSync(join(dep, "index.js"), `export const words = [${payload}];\n`);
    const entry = join(scratch, "entry.js");
    writeFileSync(
      entry,
      'import { words } from "big-dep";\nimport { join } from "node:path";\nexport const x = join(...words);\n',
    );
    const alone = join(scratch, "alone.js");
    writeFileSync(alone, 'import { join } from "node:path";\nexport const x = join("a");\n');
    const withDep = await measure("with-dep", entry, "node");
    const withoutDep = await measure("alone", alone, "node");
    expect(withDep.minBytes).toBeGreaterThan(withoutDep.minBytes + 1000);
    expect(withDep.gzipBytes).toBeLessThan(withDep.minBytes);
    expect(withoutDep.minBytes).toBeLessThan(100);
  });
});

describe("measure for a Worker", () => {
  it("bundles with the worker conditions, fails on a Node built-in, and says what each package costs", async () => {
    const dep = join(scratch, "node_modules", "cond-dep");
    mkdirSync(dep, { recursive: true });
    writeFileSync(
      join(dep, "package.json"),
      JSON.stringify({
        name: "cond-dep",
        type: "module",
        exports: { ".": { workerd: "./worker.js", import: "./node.js" } },
      }),
    );
    writeFileSync(join(dep, "worker.js"), `export const where = "worker ${"w".repeat(300)}";\n`);
    writeFileSync(join(dep, "node.js"), `export const where = "node ${"n".repeat(3000)}";\n`);
    const entry = join(scratch, "worker-entry.js");
    writeFileSync(entry, 'import { where } from "cond-dep";\nexport const x = () => where;\n');
    const measured = await measure("worker", entry);
    expect(measured.minBytes).toBeLessThan(1000);
    const parts = measured.parts ?? [];
    expect(parts.map((p) => p.name)).toEqual(["cond-dep", expect.stringContaining("worker-entry.js")]);
    expect(parts.reduce((sum, p) => sum + p.minBytes, 0)).toBeLessThanOrEqual(measured.minBytes);
    expect(formatParts([measured])).toMatch(/worker\s+cond-dep\s+\d+ B\s+~\d+ B/);
    const builtin = join(scratch, "builtin-entry.js");
    writeFileSync(builtin, 'import { createHash } from "node:crypto";\nexport const h = createHash;\n');
    await expect(measure("builtin", builtin)).rejects.toThrow(/node:crypto/);
  });

  it("names parts by npm package, pnpm's store layout and workspace folders included", () => {
    expect(partOf("node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.mjs")).toBe(
      "openapi-fetch",
    );
    expect(partOf("node_modules/@scope/auth-core/dist/index.js")).toBe("@scope/auth-core");
    expect(partOf("packages/auth-core/dist/index.js")).toBe("@scope/auth-core");
    expect(partOf("../../packages/dollr/dist/index.js")).toBe("@scope/dollr");
  });
});

describe("compareToBudget", () => {
  const measured = [
    { name: "@scope/a", minBytes: 3000, gzipBytes: 1000 },
    { name: "@scope/b", minBytes: 3000, gzipBytes: 1001 },
    { name: "@scope/new", minBytes: 10, gzipBytes: 10 },
  ];
  const budget = { packages: { "@scope/a": { gzipBytes: 1000 }, "@scope/b": { gzipBytes: 1000 } } };

  it("passes at the budget, fails one byte over, and fails a package without a budget", () => {
    expect(compareToBudget(measured, budget).map((r) => [r.name, r.ok])).toEqual([
      ["@scope/a", true],
      ["@scope/b", false],
      ["@scope/new", false],
    ]);
  });

  it("prints a table that names the overage and the missing budget", () => {
    const table = formatTable(compareToBudget(measured, budget));
    expect(table).toMatch(/@scope\/b\s+3000 B\s+1001 B\s+1000 B\s+OVER by 1 B/);
    expect(table).toMatch(/@scope\/new\s+10 B\s+10 B\s+none\s+NO BUDGET/);
  });

  it("caps a provider at providerMaxGzipBytes whatever its own budget says, and leaves other packages alone", () => {
    const capped = { providerMaxGzipBytes: 999, packages: budget.packages };
    expect(compareToBudget(measured, capped, ["@scope/a"]).map((r) => [r.name, r.budgetBytes, r.ok])).toEqual([
      ["@scope/a", 999, false],
      ["@scope/b", 1000, false],
      ["@scope/new", undefined, false],
    ]);
    expect(compareToBudget(measured, { ...capped, providerMaxGzipBytes: 1000 }, ["@scope/a"])[0]?.ok).toBe(true);
  });

  it("never writes a provider budget above the ceiling, and keeps the ceiling", () => {
    const next = budgetFromMeasurements(measured, undefined, { providerMaxGzipBytes: 1050 }, ["@scope/a", "@scope/b"]);
    expect(next).toEqual({
      providerMaxGzipBytes: 1050,
      packages: { "@scope/a": { gzipBytes: 1050 }, "@scope/b": { gzipBytes: 1050 }, "@scope/new": { gzipBytes: 100 } },
    });
  });

  it("writes new budgets with 10 % headroom rounded up to 100 bytes", () => {
    expect(budgetFromMeasurements(measured, "why").packages).toEqual({
      "@scope/a": { gzipBytes: 1100 },
      "@scope/b": { gzipBytes: 1200 },
      "@scope/new": { gzipBytes: 100 },
    });
  });
});

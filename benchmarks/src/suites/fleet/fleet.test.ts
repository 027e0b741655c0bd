import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFleetScript, lastJsonLine } from "./fleet.js";

const root = mkdtempSync(join(tmpdir(), "fleet-find-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("findFleetScript", () => {
  it("is undefined when the Redis package ships no fleet script", () => {
    expect(findFleetScript(root)).toBeUndefined();
  });

  it("finds the script in the Redis package's bench folder", () => {
    mkdirSync(join(root, "packages/token-store-redis/bench"), { recursive: true });
    writeFileSync(join(root, "packages/token-store-redis/bench/fleet.ts"), "");
    expect(findFleetScript(root)).toBe(join(root, "packages/token-store-redis/bench/fleet.ts"));
  });
});

describe("lastJsonLine", () => {
  it("returns the last line that parses as a JSON object", () => {
    expect(lastJsonLine('log\n{"a":1}\n{"b":2}\ntrailing text\n')).toEqual({ b: 2 });
  });

  it("is undefined when no line is JSON", () => {
    expect(lastJsonLine("just text\n{broken")).toBeUndefined();
  });
});

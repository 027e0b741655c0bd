import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFleetScript, fleetScenarios, lastJsonLine } from "./fleet.js";

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

describe("lastJsonLine on a pretty-printed report", () => {
  it("parses a whole multi-line JSON document", () => {
    expect(lastJsonLine(JSON.stringify({ scenarios: [] }, null, 2))).toEqual({ scenarios: [] });
  });
});

describe("fleetScenarios", () => {
  const scenario = {
    name: "8 processes, Redis token store",
    processes: 8,
    sharedStore: true,
    coldStartTokenRequests: 1,
    tokenRequests: 6,
    tokenRequestsPerLifetime: 1.2,
    calls: 400,
    failedCalls: 0,
  };

  it("returns the scenarios of a report with the documented shape", () => {
    expect(fleetScenarios({ scenarios: [scenario] })).toEqual([scenario]);
  });

  it("is undefined for any other shape", () => {
    expect(fleetScenarios({ scenarios: [{ name: "x" }] })).toBeUndefined();
    expect(fleetScenarios("text")).toBeUndefined();
  });
});

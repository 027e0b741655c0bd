import { describe, expect, it } from "vitest";
import { readRegistry } from "./registry.ts";
import { generateTasksInvalidatedBySpec } from "./turbo-dry.ts";

describe("turbo generate inputs", () => {
  it("re-runs generation for exactly the provider whose spec changed", () => {
    const registry = readRegistry();
    const changed = generateTasksInvalidatedBySpec(registry);
    expect([...changed.keys()]).toEqual(registry.providers.map((p) => p.packageName));
    for (const [pkg, tasks] of changed) expect(tasks).toEqual([`${pkg}#generate`]);
  }, 120_000);
});

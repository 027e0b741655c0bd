import { describe, expect, it } from "vitest";
import { readRegistry } from "./registry.ts";
import { generateTasksInvalidatedBySpec, testTasksInvalidatedByTestingSources } from "./turbo-dry.ts";

describe("turbo generate inputs", () => {
  it("re-runs generation for exactly the provider whose spec changed", () => {
    const registry = readRegistry();
    const changed = generateTasksInvalidatedBySpec(registry);
    expect([...changed.keys()]).toEqual(registry.providers.map((p) => p.packageName));
    for (const [pkg, tasks] of changed) expect(tasks).toEqual([`${pkg}#generate`]);
  }, 120_000);
});

describe("turbo test inputs", () => {
  it("re-runs every provider's tests and the scripts' tests when one provider's mock token endpoint changes", () => {
    const registry = readRegistry();
    const changed = testTasksInvalidatedByTestingSources(registry);
    expect([...changed.keys()]).toEqual(
      registry.providers.map((p) => `packages/${p.id}/src/testing/mock-token-endpoint.ts`),
    );
    for (const tasks of changed.values()) {
      for (const entry of registry.providers) expect(tasks).toContain(`${entry.packageName}#test`);
      expect(tasks).toContain("@scope/scripts#test");
    }
  }, 180_000);
});

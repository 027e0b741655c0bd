import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRegistry, registryPath, validateRegistry } from "./registry.ts";

const withDollrField = (value: unknown) => {
  const raw = JSON.parse(readFileSync(registryPath(), "utf8")) as { providers: Record<string, unknown>[] };
  raw.providers[0] = { ...raw.providers[0], idempotencyBodyField: value };
  return raw;
};

describe("idempotencyBodyField in specs/registry.json", () => {
  it("is read for Dollr (reference_id), and kept by validation", () => {
    const registry = readRegistry();
    expect(registry.providers.find((entry) => entry.id === "dollr")?.idempotencyBodyField).toBe("reference_id");
  });

  it.each([["reference-id"], ["__proto__"], [""], [42]])("rejects %j, naming the field", (value) => {
    expect(() => validateRegistry(withDollrField(value), "registry.json")).toThrow(
      /^registry\.json: providers\.0\.idempotencyBodyField: /,
    );
  });
});

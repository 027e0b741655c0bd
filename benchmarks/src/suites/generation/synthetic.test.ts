import { describe, expect, it } from "vitest";
import { specFacts } from "../../../../scripts/lib/spec-facts.ts";
import { syntheticDocument, syntheticPath } from "./synthetic.js";

describe("syntheticDocument", () => {
  it.each([1, 100, 1000])("has exactly %i operations, each with its own path and schema", (count) => {
    const document = syntheticDocument(count);
    expect(specFacts(document, "synthetic.json").operationCount).toBe(count);
    expect(Object.keys(document.paths as object)).toHaveLength(count);
    expect(Object.keys((document.components as { schemas: object }).schemas)).toHaveLength(count + 1);
  });

  it("alternates GET and POST so both request shapes are generated", () => {
    const paths = syntheticDocument(2).paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths[syntheticPath(0)] ?? {})).toEqual(["get"]);
    expect(Object.keys(paths[syntheticPath(1)] ?? {})).toEqual(["post"]);
  });
});

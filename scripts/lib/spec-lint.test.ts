import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readRegistry, specPath } from "./registry.ts";
import { formatLintProblem, lintSpec } from "./spec-lint.ts";

const dollr = readRegistry().providers.find((entry) => entry.id === "dollr");
if (!dollr) throw new Error("dollr is not in the registry");
const dollrText = readFileSync(specPath(dollr), "utf8");

describe("lintSpec (redocly recommended rules)", () => {
  it("reports an error with file, line, JSON pointer and rule id", async () => {
    const result = await lintSpec(dollrText, "specs/dollr.openapi.yaml");
    expect(result.errors).toEqual([
      {
        severity: "error",
        ruleId: "no-empty-servers",
        message: "Servers must be a non-empty array.",
        file: "specs/dollr.openapi.yaml",
        pointer: "#/servers",
        line: 5,
        col: 1,
      },
    ]);
    expect(result.warnings.map((problem) => problem.ruleId)).toContain("info-license");
    expect(formatLintProblem(result.errors[0]!)).toBe(
      "specs/dollr.openapi.yaml:5:1 error no-empty-servers: Servers must be a non-empty array. (#/servers)",
    );
  });

  it("treats errors the vendored document already has as known, and new errors as fatal", async () => {
    const broken = dollrText.replace(
      "  /{version}/jwt/client/obtain/token:",
      "  /v1/things/{thingId}:\n    get:\n      summary: Get a thing\n      responses:\n        '200':\n          description: ok\n  /{version}/jwt/client/obtain/token:",
    );
    const result = await lintSpec(broken, "specs/dollr.openapi.yaml", { baselineText: dollrText });
    expect(result.knownErrors.map((problem) => problem.ruleId)).toEqual(["no-empty-servers"]);
    expect(result.errors.map((problem) => [problem.ruleId, problem.pointer, problem.line])).toEqual([
      ["path-parameters-defined", "#/paths/~1v1~1things~1{thingId}/get/parameters", 9],
    ]);
  });
});

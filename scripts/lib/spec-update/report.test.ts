import { describe, expect, it } from "vitest";
import { buildLargeSpec } from "../../fixtures/large-spec.ts";
import { diffSpecs } from "../spec-diff/index.ts";
import { formatLintProblem, type LintProblem } from "../spec-lint.ts";
import { describeUpdate } from "./report.ts";
import type { UpdateSpecResult } from "./update.ts";

const warning = (ruleId: string, line: number): LintProblem => ({
  severity: "warn",
  ruleId,
  message: `problem at line ${line}`,
  file: "specs/duro.openapi.json",
  pointer: "#/paths",
  line,
  col: 5,
});

function updated(): UpdateSpecResult & { status: "updated" } {
  const { changes } = diffSpecs(buildLargeSpec({ resources: 0 }), buildLargeSpec({ resources: 12 }));
  return {
    status: "updated",
    provider: "duro",
    packageName: "@scope/duro",
    specFile: "specs/duro.openapi.json",
    oldSha256: "a".repeat(64),
    newSha256: "b".repeat(64),
    bump: "patch",
    changeLevel: "minor",
    version: "0.1.0",
    changes,
    warnings: [
      warning("operation-4xx-response", 10),
      warning("operation-4xx-response", 20),
      warning("info-license", 3),
    ],
    knownErrors: [],
    acceptedErrors: [],
    changesetFile: ".changeset/duro-spec-bbbbbbbb.md",
    written: ["specs/duro.openapi.json"],
    checks: [{ script: "build", durationMs: 10 }],
    apiReports: [{ file: "packages/duro/review/duro.api.md", status: "changed" }],
    timings: { fetchMs: 1, validateMs: 2, diffMs: 3, generateMs: 4, prepareMs: 5, checksMs: 6, totalMs: 21 },
  };
}

describe("describeUpdate (what specs:update prints)", () => {
  it("summarises lint problems per rule and groups the changes by default", () => {
    const text = describeUpdate(updated(), { skippedChecks: true });
    expect(text).toContain(
      [
        "lint warnings: 3",
        "  operation-4xx-response: 2 (first at specs/duro.openapi.json:10:5)",
        "  info-license: 1 (first at specs/duro.openapi.json:3:5)",
        "  (per rule; --verbose prints every problem and every change)",
        "typecheck and test skipped (--skip-checks)",
      ].join("\n"),
    );
    expect(text).not.toContain("problem at line 10");
    expect(text).toMatch(/- Added \d+ component schemas \(/);
    expect(text).not.toContain("- Component schema `");
    expect(text).toContain("API report packages/duro/review/duro.api.md: updated (public API changed)");
  });

  it("prints every problem and every change with --verbose", () => {
    const result = updated();
    const text = describeUpdate(result, { verbose: true });
    for (const problem of result.warnings) expect(text).toContain(`  ${formatLintProblem(problem)}`);
    const schemaAdded = result.changes.filter((change) => change.message.startsWith("Component schema"));
    expect(schemaAdded.length).toBeGreaterThan(10);
    for (const change of schemaAdded) expect(text).toContain(`- ${change.message}`);
    expect(text).not.toContain("(per rule;");
  });
});

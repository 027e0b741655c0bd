import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createConfig, getLineColLocation, lintFromString } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { readRegistry, specPath } from "./registry.ts";
import { formatLintProblem, lintSpec, ruleIdsOf, summarizeLintProblems } from "./spec-lint.ts";

const dollr = readRegistry().providers.find((entry) => entry.id === "dollr");
if (!dollr) throw new Error("dollr is not in the registry");
const dollrText = readFileSync(specPath(dollr), "utf8");
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "../fixtures/lint", name), "utf8");
type Json = Record<string, unknown>;

/** A fixture document with more operations, as the provider's framework would write them. */
function withPaths(text: string, paths: Json): string {
  const document = JSON.parse(text) as { paths: Json };
  Object.assign(document.paths, paths);
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** NestJS (@nestjs/swagger) operations: no summary, `statusCode` envelopes, empty descriptions. */
const nestOperation = (operationId: string, parameters: Json[] = []): Json => ({
  get: {
    operationId,
    parameters,
    responses: {
      "200": {
        description: "",
        content: { "application/json": { schema: { $ref: "#/components/schemas/TokenEnvelope" } } },
      },
      "401": {
        description: "",
        content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorEnvelope" } } },
      },
    },
    tags: ["Policies"],
    security: [{ bearer: [] }],
  },
});

/** FastAPI operations: summaries from function names, `anyOf` with null, 422 `detail` errors. */
const fastApiOperation = (operationId: string, summary: string): Json => ({
  get: {
    tags: ["payments"],
    summary,
    operationId,
    parameters: [
      { name: "cursor", in: "query", required: false, schema: { anyOf: [{ type: "string" }, { type: "null" }] } },
    ],
    responses: {
      "200": {
        description: "Successful Response",
        content: {
          "application/json": {
            schema: { anyOf: [{ $ref: "#/components/schemas/ClientTokenResponse" }, { type: "null" }] },
          },
        },
      },
      "422": {
        description: "Validation Error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/HTTPValidationError" } } },
      },
    },
  },
});

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

  it("treats errors of rules the vendored document already breaks as known, and new rules as fatal", async () => {
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

describe("lintSpec matches known problems by rule, for documents as frameworks write them", () => {
  const nest = fixture("nestjs.openapi.json");
  const fastApi = fixture("fastapi.openapi.json");

  it("keeps a NestJS document without summaries updatable as operations are added", async () => {
    const next = withPaths(nest, {
      "/v1/policies": nestOperation("PoliciesController_list"),
      "/v1/policies/{policyId}": nestOperation("PoliciesController_get", [
        { name: "policyId", in: "path", required: true, schema: { type: "string" } },
      ]),
    });
    const result = await lintSpec(next, "specs/turris.openapi.json", { baselineText: nest });
    expect(result.errors).toEqual([]);
    expect(result.knownErrors.filter((problem) => problem.ruleId === "operation-summary")).toHaveLength(3);
  });

  it("keeps a rule the registry records known even when the vendored document does not break it", async () => {
    const next = withPaths(nest, { "/v1/policies": nestOperation("PoliciesController_list") });
    const recorded = await lintSpec(next, "specs/turris.openapi.json", {
      knownRules: ["operation-summary", "security-defined"],
    });
    expect(recorded.errors).toEqual([]);
    const unrecorded = await lintSpec(next, "specs/turris.openapi.json");
    expect(ruleIdsOf(unrecorded.errors)).toEqual(["operation-summary", "security-defined"]);
  });

  it("still fails a NestJS document on a rule it did not break before", async () => {
    const next = withPaths(nest, { "/v1/policies/{policyId}": nestOperation("PoliciesController_get") });
    const result = await lintSpec(next, "specs/turris.openapi.json", { baselineText: nest });
    expect(result.errors.map((problem) => [problem.ruleId, problem.pointer])).toEqual([
      ["path-parameters-defined", "#/paths/~1v1~1policies~1{policyId}/get/parameters"],
    ]);
  });

  it("keeps a FastAPI document (no servers, anyOf with null, 422 detail errors) updatable", async () => {
    const next = withPaths(fastApi, {
      "/v1/payments": fastApiOperation("list_payments_v1_payments_get", "List Payments"),
    });
    const result = await lintSpec(next, "specs/dollr.openapi.json", { baselineText: fastApi });
    expect(result.errors).toEqual([]);
    expect(ruleIdsOf(result.knownErrors)).toEqual(["no-empty-servers", "security-defined"]);
  });

  it("still fails a FastAPI document that repeats an operationId", async () => {
    const next = withPaths(fastApi, {
      "/v1/payments": fastApiOperation("client_obtain_token__version__jwt_client_obtain_token_post", "List Payments"),
    });
    const result = await lintSpec(next, "specs/dollr.openapi.json", { baselineText: fastApi });
    expect(ruleIdsOf(result.errors)).toEqual(["operation-operationId-unique"]);
  });
});

describe("lintSpec with a cache of the rules each document breaks", () => {
  const broken = dollrText.replace(
    "  /{version}/jwt/client/obtain/token:",
    "  /v1/things/{thingId}:\n    get:\n      summary: Get a thing\n      responses:\n        '200':\n          description: ok\n  /{version}/jwt/client/obtain/token:",
  );
  const { version } = createRequire(import.meta.url)("@redocly/openapi-core/package.json") as { version: string };
  const sha = (text: string) =>
    createHash("sha256").update(`@redocly/openapi-core@${version} recommended\0`).update(text).digest("hex");

  it("remembers the new document's error rules by sha256, for the next update's baseline", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "scope-lint-cache-"));
    try {
      await lintSpec(broken, "specs/dollr.openapi.yaml", { cacheDir });
      const cached = JSON.parse(readFileSync(join(cacheDir, `${sha(broken)}.json`), "utf8"));
      expect(cached).toEqual({ errorRules: ["no-empty-servers", "path-parameters-defined"] });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("takes the baseline's rules from the cache instead of linting it again", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "scope-lint-cache-"));
    try {
      // The cached entry says the baseline broke path-parameters-defined (a lint of it would not):
      // the new document's error of that rule is then known, which only the cache can have caused.
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(
        join(cacheDir, `${sha(dollrText)}.json`),
        JSON.stringify({ errorRules: ["path-parameters-defined"] }),
      );
      const result = await lintSpec(broken, "specs/dollr.openapi.yaml", { baselineText: dollrText, cacheDir });
      expect(result.errors.map((problem) => problem.ruleId)).toEqual(["no-empty-servers"]);
      expect(result.knownErrors.map((problem) => problem.ruleId)).toEqual(["path-parameters-defined"]);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it("summarises problems per rule, most frequent first, with the first location", () => {
    const at = (ruleId: string, line: number) => ({
      severity: "warn" as const,
      ruleId,
      message: "m",
      file: "specs/x.json",
      pointer: "#/",
      line,
      col: 3,
    });
    expect(summarizeLintProblems([at("b-rule", 9), at("a-rule", 4), at("a-rule", 7)])).toEqual([
      "a-rule: 2 (first at specs/x.json:4:3)",
      "b-rule: 1 (first at specs/x.json:9:3)",
    ]);
  });
});

describe("lintSpec locations", () => {
  it("gives every problem the line and column redocly's own getLineColLocation gives", async () => {
    let compared = 0;
    const github = readFileSync(
      join(import.meta.dirname, "../fixtures/spec-diff/real/github-22.0.0-23.0.0/new.json"),
      "utf8",
    );
    for (const text of [fixture("nestjs.openapi.json"), dollrText, fixture("fastapi.openapi.json"), github]) {
      const config = await createConfig({ extends: ["recommended"] });
      const raw = await lintFromString({ source: text, absoluteRef: "/specs/x", config });
      const result = await lintSpec(text, "specs/x");
      const ours = [...result.errors, ...result.knownErrors, ...result.warnings];
      expect(ours).toHaveLength(raw.length);
      const byKey = new Map(
        ours.map((problem) => [`${problem.ruleId} ${problem.pointer} ${problem.message}`, problem]),
      );
      for (const problem of raw) {
        const location = problem.location[0];
        if (!location) continue;
        const mine = byKey.get(`${problem.ruleId} ${location.pointer ?? "#/"} ${problem.message}`);
        expect(mine && { line: mine.line, col: mine.col }).toEqual(getLineColLocation(location).start);
        compared += 1;
      }
    }
    expect(compared).toBe(20);
  });
});

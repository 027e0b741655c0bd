import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildLargeSpec, resourceName } from "../../fixtures/large-spec.ts";
import { type ChangeLevel, diffSpecs, renderChangeList } from "./index.ts";
import type { Json } from "./model.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures/spec-diff");
const load = (name: string): Json => parse(readFileSync(join(FIXTURES, `${name}.yaml`), "utf8")) as Json;
const base = load("base");

interface Expectation {
  /** The "before" fixture (default base). */
  from?: string;
  bump: ChangeLevel | undefined;
  changes: [ChangeLevel, string, string[]?][];
}

// Each fixture is `base.yaml` with one class of change applied; the expectations are written by hand.
const cases: Record<string, Expectation> = {
  "docs-only": { bump: "patch", changes: [["patch", "`GET /v1/plans/{planId}`: documentation updated"]] },
  reformatted: { bump: undefined, changes: [] },
  "operation-added": { bump: "minor", changes: [["minor", "Added operation `GET /v1/customers`"]] },
  "operation-removed": { bump: "major", changes: [["major", "Removed operation `DELETE /v1/plans/{planId}`"]] },
  "parameter-required": {
    bump: "major",
    changes: [["major", "`GET /v1/plans`: query parameter `limit` is now required"]],
  },
  "parameter-added-optional": {
    bump: "minor",
    changes: [["minor", "`GET /v1/plans`: new optional query parameter `cursor`"]],
  },
  "request-field-required": {
    bump: "major",
    changes: [
      ["major", "Schema `PlanInput` in requests: field `interval` is now required", ["POST /v1/plans"]],
      [
        "minor",
        "Schema `Plan` in responses: field `interval` is now required",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "token-scope-required": {
    bump: "major",
    changes: [["major", "`POST /v1/oauth/token` request body: field `scope` is now required"]],
  },
  "response-field-removed": {
    bump: "major",
    changes: [
      [
        "major",
        "Schema `Plan` in responses: field `metadata` removed",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "response-field-retyped": {
    bump: "major",
    changes: [
      [
        "major",
        "Schema `Error` in responses: field `error.code` changed type from string to integer",
        ["POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "enum-value-removed": {
    bump: "major",
    changes: [
      ["major", "Schema `PlanStatus` in requests: enum value `archived` removed", ["GET /v1/plans"]],
      [
        "major",
        "Schema `PlanStatus` in responses: enum value `archived` removed",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "enum-value-added": {
    bump: "minor",
    changes: [
      ["minor", "Schema `PlanStatus` in requests: enum value `draft` added", ["GET /v1/plans"]],
      [
        "minor",
        "Schema `PlanStatus` in responses: enum value `draft` added",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "security-required": {
    bump: "major",
    changes: [["major", "Security changed from none to bearerAuth", ["POST /v1/oauth/token"]]],
  },
  "security-alternative-added": {
    bump: "minor",
    changes: [
      [
        "minor",
        "Security changed from bearerAuth to apiKey or bearerAuth",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}", "DELETE /v1/plans/{planId}"],
      ],
      ["minor", "Security scheme `apiKey` added"],
    ],
  },
  "response-removed": { bump: "major", changes: [["major", "`GET /v1/plans/{planId}`: response 404 removed"]] },
  "path-parameter-renamed": {
    bump: "major",
    changes: [
      ["major", "`GET /v1/plans/{planId}` is now `GET /v1/plans/{plan_id}` (path parameter renamed)"],
      ["major", "`DELETE /v1/plans/{planId}` is now `DELETE /v1/plans/{plan_id}` (path parameter renamed)"],
      ["patch", "Document version 1.0.0 -> 1.0.1"],
    ],
  },
  "operation-id-renamed": {
    bump: "major",
    changes: [["major", "`GET /v1/plans/{planId}`: operationId `getPlan` renamed to `retrievePlan`"]],
  },
  "operation-id-removed": {
    bump: "major",
    changes: [["major", "`DELETE /v1/plans/{planId}`: operationId `deletePlan` removed"]],
  },
  "schema-renamed": {
    bump: "major",
    changes: [
      ["major", "Component schema `Error` removed"],
      ["minor", "Component schema `ApiError` added"],
      ["patch", "`POST /v1/plans`: documentation updated"],
      ["patch", "`GET /v1/plans/{planId}`: documentation updated"],
    ],
  },
  "schema-removed": {
    bump: "major",
    changes: [
      ["major", "Component schema `Error` removed"],
      ["patch", "`POST /v1/plans`: documentation updated"],
      ["patch", "`GET /v1/plans/{planId}`: documentation updated"],
    ],
  },
  "environment-dropped": {
    bump: "major",
    changes: [["major", "Environment `sandbox` (https://sandbox.acme.test) removed from `environments`"]],
  },
  "type-dropped": {
    bump: "major",
    changes: [
      [
        "major",
        "Schema `Error` in responses: field `error.code` no longer declares a type (was string, now unknown)",
        ["POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "request-constraint-tightened": {
    bump: "major",
    changes: [["major", "Schema `PlanInput` in requests: field `name`: `maxLength` 64 added", ["POST /v1/plans"]]],
  },
  "one-of-reordered": {
    from: "one-of-base",
    bump: "patch",
    changes: [["patch", "Documentation updated (descriptions, examples or component details)"]],
  },
  "one-of-variant-changed": {
    from: "one-of-base",
    bump: "minor",
    changes: [
      [
        "minor",
        "Schema `Plan` in responses: field `trial`: enum value `unlimited` added",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
      ["minor", "Schema `PlanInput` in requests: field `trial`: enum value `unlimited` added", ["POST /v1/plans"]],
    ],
  },
  "one-of-ref-target-changed": {
    from: "one-of-ref-base",
    bump: "major",
    changes: [
      [
        "major",
        "Schema `TrialPolicy` in responses: field `note` removed",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
      ["major", "Schema `TrialPolicy` in requests: field `note` removed", ["POST /v1/plans"]],
    ],
  },
  "webhook-removed": {
    from: "webhook-base",
    bump: "major",
    changes: [["major", "Removed webhook `POST plan.deleted`"]],
  },
  "webhook-payload-retyped": {
    from: "webhook-base",
    bump: "major",
    changes: [["major", "Webhook `POST plan.created` payload: field `amount` changed type from integer to string"]],
  },
  "map-value-retyped": {
    from: "map-base",
    bump: "major",
    changes: [
      [
        "major",
        "Schema `Plan` in responses: field `labels{}` changed type from string to integer",
        ["GET /v1/plans", "POST /v1/plans", "GET /v1/plans/{planId}"],
      ],
    ],
  },
  "server-moved": {
    bump: "minor",
    changes: [
      ["minor", "Server `https://api.acme.test` moved to `https://api.eu.acme.test`"],
      ["minor", "Environment `production` now points at https://api.eu.acme.test (was https://api.acme.test)"],
    ],
  },
  "success-status-changed": {
    bump: "major",
    changes: [
      ["major", "`POST /v1/plans`: response 201 removed"],
      ["minor", "`POST /v1/plans`: new response 200"],
    ],
  },
  "shared-response-changed": {
    from: "shared-response-base",
    bump: "major",
    changes: [
      [
        "major",
        "Shared response `NotFound`: field `resource` removed",
        ["GET /v1/plans/{planId}", "DELETE /v1/plans/{planId}"],
      ],
    ],
  },
};

describe("diffSpecs on fixture pairs (base.yaml -> <case>.yaml)", () => {
  for (const [name, expected] of Object.entries(cases)) {
    it(`classifies ${name} as ${expected.bump ?? "no change"}`, () => {
      const diff = diffSpecs(expected.from ? load(expected.from) : base, load(name));
      expect(diff.bump).toBe(expected.bump);
      expect(diff.changes.map((change) => [change.level, change.message, change.operations])).toEqual(
        expected.changes.map(([level, message, operations]) => [level, message, operations ?? []]),
      );
    });
  }

  it("finds no change between a document and itself", () => {
    expect(diffSpecs(base, structuredClone(base))).toEqual({ bump: undefined, changes: [] });
  });
});

describe("diffSpecs edge cases", () => {
  const withPlanInput = (mutate: (schema: Json) => void): Json => {
    const copy = structuredClone(base);
    mutate(((copy.components as Json).schemas as Json).PlanInput as Json);
    return copy;
  };

  it("treats a request type widening (integer -> number) as additive and narrowing as breaking", () => {
    const widened = withPlanInput((schema) => {
      ((schema.properties as Json).amount as Json).type = "number";
    });
    const diff = diffSpecs(base, widened);
    expect(diff.changes.find((change) => change.message.includes("PlanInput"))).toMatchObject({
      level: "minor",
      message: "Schema `PlanInput` in requests: field `amount` changed type from integer to number",
    });
    // The same schema is part of `Plan` in responses, where a wider type is breaking.
    expect(diff.bump).toBe("major");
    expect(diffSpecs(widened, base).changes.find((change) => change.message.includes("PlanInput"))?.level).toBe(
      "major",
    );
  });

  it("terminates on recursive schemas and reports changes inside them", () => {
    const recursive = (extra: boolean): Json => {
      const document = structuredClone(base);
      const schemas = (document.components as Json).schemas as Json;
      schemas.Node = {
        type: "object",
        properties: { child: { $ref: "#/components/schemas/Node" }, ...(extra ? {} : { label: { type: "string" } }) },
      };
      ((document.paths as Json)["/v1/plans"] as Json).put = {
        responses: {
          "200": {
            description: "tree",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } },
          },
        },
      };
      return document;
    };
    const diff = diffSpecs(recursive(false), recursive(true));
    expect(diff.changes).toEqual([
      { level: "major", message: "Schema `Node` in responses: field `label` removed", operations: ["PUT /v1/plans"] },
    ]);
  });

  it("reports a new required request body and a removed media type", () => {
    const after = structuredClone(base);
    const planOps = (after.paths as Json)["/v1/plans/{planId}"] as Json;
    (planOps.delete as Json).requestBody = {
      required: true,
      content: { "application/json": { schema: { type: "object" } } },
    };
    const token = ((after.paths as Json)["/v1/oauth/token"] as Json).post as Json;
    const content = (token.requestBody as Json).content as Json;
    content["application/json"] = content["application/x-www-form-urlencoded"];
    delete content["application/x-www-form-urlencoded"];
    const messages = diffSpecs(base, after).changes.map((change) => change.message);
    expect(messages).toContain("`DELETE /v1/plans/{planId}`: new required request body");
    expect(messages).toContain(
      "`POST /v1/oauth/token` request body: media type `application/x-www-form-urlencoded` removed",
    );
    expect(messages).toContain("`POST /v1/oauth/token` request body: media type `application/json` added");
  });
});

describe("diffSpecs on request constraints", () => {
  const withName = (constraints: Json): Json => {
    const copy = structuredClone(base);
    const schemas = (copy.components as Json).schemas as Json;
    const name = ((schemas.PlanInput as Json).properties as Json).name as Json;
    Object.assign(name, constraints);
    return copy;
  };
  const levelsOf = (before: Json, after: Json) =>
    diffSpecs(before, after).changes.map((change) => [change.level, change.message]);

  it("calls a new pattern, a higher minimum or a lower maximum breaking, and the reverse additive", () => {
    expect(levelsOf(base, withName({ pattern: "^[a-z]+$" }))).toEqual([
      ["major", "Schema `PlanInput` in requests: field `name`: pattern `^[a-z]+$` added"],
    ]);
    expect(levelsOf(withName({ minLength: 1 }), withName({ minLength: 3 }))).toEqual([
      ["major", "Schema `PlanInput` in requests: field `name`: `minLength` changed from 1 to 3"],
    ]);
    expect(levelsOf(withName({ minLength: 3 }), withName({ minLength: 1 }))).toEqual([
      ["minor", "Schema `PlanInput` in requests: field `name`: `minLength` changed from 3 to 1"],
    ]);
    expect(levelsOf(withName({ maxLength: 10 }), base)).toEqual([
      ["minor", "Schema `PlanInput` in requests: field `name`: `maxLength` 10 removed"],
    ]);
  });

  it("calls a tightened query parameter minimum breaking", () => {
    const after = structuredClone(base);
    const list = ((after.paths as Json)["/v1/plans"] as Json).get as Json;
    ((list.parameters as Json[])[0]?.schema as Json).minimum = 1;
    expect(levelsOf(base, after)).toEqual([["major", "`GET /v1/plans` query parameter `limit`: `minimum` 1 added"]]);
  });
});

describe("diffSpecs on a real-size document", () => {
  const before = buildLargeSpec({ resources: 45 });

  it("builds a document with more than 200 operations", () => {
    let operations = 0;
    for (const item of Object.values(before.paths as Json)) {
      operations += Object.keys(item as Json).filter((key) => key !== "parameters").length;
    }
    expect(operations).toBe(226);
  });

  it("classifies a mixed update once per shared schema, listing the operations it reaches", () => {
    const after = buildLargeSpec({ resources: 48, version: "1.1.0" });
    delete ((after.paths as Json)[`/v1/${resourceName(3)}/{id}`] as Json).delete;
    const owner = ((after.components as Json).schemas as Json).Owner as Json;
    delete (owner.properties as Json).email;
    const diff = diffSpecs(before, after);
    expect(diff.bump).toBe("major");
    const added = diff.changes.filter((change) => change.message.startsWith("Added operation"));
    expect(added).toHaveLength(15);
    expect(diff.changes.filter((change) => change.message.startsWith("Removed operation"))).toEqual([
      { level: "major", message: "Removed operation `DELETE /v1/r003/{id}`", operations: [] },
    ]);
    const ownerChange = diff.changes.find((change) => change.message.includes("`Owner`"));
    expect(ownerChange?.message).toBe("Schema `Owner` in responses: field `email` removed");
    // list, create, get and update of each of the 45 original resources return a schema holding `owner`.
    expect(ownerChange?.operations).toHaveLength(45 * 4);
    expect(diff.changes.at(-1)?.message).toBe("Document version 1.0.0 -> 1.1.0");
  });

  it("renders a readable change list, severe first, with long operation lists shortened", () => {
    const after = buildLargeSpec({ resources: 45 });
    delete ((((after.components as Json).schemas as Json).Owner as Json).properties as Json).email;
    ((after.paths as Json)["/v1/r000"] as Json).put = { responses: { "204": { description: "ok" } } };
    const text = renderChangeList(diffSpecs(before, after).changes);
    expect(text).toBe(
      [
        "**Breaking changes**",
        "",
        "- Schema `Owner` in responses: field `email` removed (in `GET /v1/r000`, `POST /v1/r000`, `GET /v1/r000/{id}`, `PATCH /v1/r000/{id}`, `GET /v1/r001` and 175 more)",
        "",
        "**Additions**",
        "",
        "- Added operation `PUT /v1/r000`",
      ].join("\n"),
    );
  });
});

/**
 * "Regenerate on spec change" the tenth time as well as the first: one provider (Duro) in a throw-away
 * copy of the repository gets an additive, a breaking and a documentation-only document in a row, then
 * the same document again. Every update runs the package's real checks (its typecheck and its whole
 * test suite, shared provider suite included) against the new code; after each one the changeset, the
 * drift check and the package build are verified.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { findDrift } from "../drift.ts";
import { readRegistry, sha256 } from "../registry.ts";
import { createTempRepo, snapshotTree, type TempRepo } from "../testing/temp-repo.ts";
import { runPackageScript } from "./package-checks.ts";
import { type UpdateSpecResult, updateSpec } from "./update.ts";

type Json = Record<string, unknown>;
let repo: TempRepo;
let base: Json;

beforeAll(() => {
  repo = createTempRepo();
  base = parse(readFileSync(join(repo.root, "specs/duro.openapi.yaml"), "utf8")) as Json;
}, 300_000);
afterAll(() => repo?.dispose());

const errorResponse = {
  description: "Unauthorized",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

/** Duro's document plus customers list/create/retrieve on shared schemas and an Idempotency-Key header. */
function withCustomers(version: string, customer: Json, description = "A Duro customer."): Json {
  const document = structuredClone(base) as Json & { info: Json; paths: Json; components: Json };
  document.info.version = version;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const json = (schema: Json) => ({ content: { "application/json": { schema } } });
  document.paths["/v1/customers"] = {
    get: {
      tags: ["Customers"],
      summary: "List customers",
      operationId: "listCustomers",
      parameters: [{ name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1 } }],
      responses: {
        "200": { description: "A page of customers", ...json({ type: "array", items: ref("Customer") }) },
        "401": errorResponse,
      },
    },
    post: {
      tags: ["Customers"],
      summary: "Create a customer",
      operationId: "createCustomer",
      parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string" } }],
      requestBody: { required: true, ...json(ref("CustomerInput")) },
      responses: { "201": { description: "The customer", ...json(ref("Customer")) }, "401": errorResponse },
    },
  };
  document.paths["/v1/customers/{customerId}"] = {
    get: {
      tags: ["Customers"],
      summary: "Retrieve a customer",
      operationId: "getCustomer",
      parameters: [{ name: "customerId", in: "path", required: true, schema: { type: "string" } }],
      responses: { "200": { description: "The customer", ...json(ref("Customer")) }, "401": errorResponse },
    },
  };
  document.components.schemas = {
    Error: { type: "object", properties: { message: { type: "string" } } },
    CustomerInput: {
      type: "object",
      required: ["email"],
      properties: { email: { type: "string" }, name: { type: "string" } },
    },
    Customer: { description, ...customer },
  };
  return document;
}

const customerV1 = {
  type: "object",
  required: ["id", "email"],
  properties: { id: { type: "string" }, email: { type: "string" }, name: { type: "string" } },
};
/** The breaking step: `name` is gone from the response (user code reading `customer.name` stops compiling). */
const customerV2 = {
  type: "object",
  required: ["id", "email"],
  properties: { id: { type: "string" }, email: { type: "string" } },
};

function changesetOf(result: UpdateSpecResult & { status: "updated" }): string {
  return readFileSync(join(repo.root, result.changesetFile), "utf8");
}

async function expectNoDrift(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), "scope-drift-"));
  try {
    expect(await findDrift(readRegistry(repo.root), repo.root, scratch)).toEqual([]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function expectBuildHas(...paths: string[]): Promise<void> {
  const packageDir = join(repo.root, "packages/duro");
  await runPackageScript({ root: repo.root, packageDir, script: "build" });
  const dist = join(packageDir, "dist");
  const types = readdirSync(dist)
    .filter((name) => name.endsWith(".d.ts"))
    .map((name) => readFileSync(join(dist, name), "utf8"))
    .join("\n");
  for (const path of paths) expect(types).toContain(`"${path}"`);
}

async function update(name: string, document: Json): Promise<UpdateSpecResult & { status: "updated" }> {
  const from = join(repo.scratch, `${name}.yaml`);
  writeFileSync(from, stringify(document));
  const result = await updateSpec({ provider: "duro", from, root: repo.root, today: "2030-01-01" });
  if (result.status !== "updated") throw new Error(`${name}: expected an update, got ${result.status}`);
  expect(result.checks.map((check) => check.script)).toEqual(["typecheck", "test"]);
  expect(readFileSync(join(repo.root, "specs/duro.openapi.yaml"), "utf8")).toBe(stringify(document));
  return result;
}

describe("four successive spec updates to one provider", () => {
  it("1: additive -> a patch release while 0.x, typed and built; the dependencies were built first", async () => {
    const result = await update("additive", withCustomers("1.1.0", customerV1));
    expect([result.changeLevel, result.version, result.bump]).toEqual(["minor", "0.1.0", "patch"]);
    const text = changesetOf(result);
    expect(text.startsWith('---\n"@scope/duro": patch\n---\n')).toBe(true);
    expect(text).toContain("**Additions**");
    expect(text).toContain("- Added operation `GET /v1/customers`");
    expect(text).toContain("- Added operation `GET /v1/customers/{customerId}`");
    // specs:update built @scope/auth-core (turbo --filter=@scope/duro^...) in the repository it ran in.
    expect(existsSync(join(repo.root, "packages/auth-core/dist/index.d.ts"))).toBe(true);
    await expectNoDrift();
    await expectBuildHas("/v1/customers", "/v1/customers/{customerId}");
  }, 600_000);

  it("2: breaking -> a minor release while 0.x, listed under breaking changes", async () => {
    const result = await update("breaking", withCustomers("2.0.0", customerV2));
    expect([result.changeLevel, result.bump]).toEqual(["major", "minor"]);
    const text = changesetOf(result);
    expect(text.startsWith('---\n"@scope/duro": minor\n---\n')).toBe(true);
    expect(text).toContain("**Breaking changes**\n\n- Schema `Customer` in responses: field `name` removed");
    await expectNoDrift();
    await expectBuildHas("/v1/customers");
  }, 600_000);

  it("3: documentation only -> a patch", async () => {
    const result = await update("docs", withCustomers("2.0.1", customerV2, "A customer of your Duro account."));
    expect([result.changeLevel, result.bump]).toEqual(["patch", "patch"]);
    const text = changesetOf(result);
    expect(text.startsWith('---\n"@scope/duro": patch\n---\n')).toBe(true);
    expect(text).not.toContain("**Breaking changes**");
    expect(text).not.toContain("**Additions**");
    await expectNoDrift();
    await expectBuildHas("/v1/customers");
  }, 600_000);

  it("4: the same document again -> a no-op that changes nothing", async () => {
    const document = withCustomers("2.0.1", customerV2, "A customer of your Duro account.");
    const from = join(repo.scratch, "identical.yaml");
    writeFileSync(from, stringify(document));
    const before = snapshotTree(repo.root);
    const result = await updateSpec({ provider: "duro", from, root: repo.root });
    expect(result).toEqual({
      status: "unchanged",
      provider: "duro",
      specFile: "specs/duro.openapi.yaml",
      sha256: sha256(stringify(document)),
    });
    expect(snapshotTree(repo.root)).toEqual(before);
    await expectNoDrift();
  }, 300_000);
});

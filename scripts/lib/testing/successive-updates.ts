/**
 * Test fixture of the successive-updates tests (repeated-updates*.test.ts): a throw-away copy of the
 * repository whose Duro document gets customer operations in successive `specs:update` runs, and the
 * checks each update is held to (its changeset, no drift, a build whose types have the new paths).
 * The chain is split over three files that run at the same time; each replays the updates before its
 * own without the package checks, which their own files run.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { parse, stringify } from "yaml";
import { findDrift } from "../drift.ts";
import { readRegistry, sha256 } from "../registry.ts";
import { runPackageScript } from "../spec-update/package-checks.ts";
import { type UpdateSpecResult, updateSpec } from "../spec-update/update.ts";
import { createTempRepo, type TempRepo } from "./temp-repo.ts";

type Json = Record<string, unknown>;
let base: Json;

const errorResponse = {
  description: "Unauthorized",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

/** Duro's document plus customers list/create/retrieve on shared schemas and an Idempotency-Key header. */
export function withCustomers(version: string, customer: Json, description = "A Duro customer."): Json {
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

export const customerV1 = {
  type: "object",
  required: ["id", "email"],
  properties: { id: { type: "string" }, email: { type: "string" }, name: { type: "string" } },
};
/** The breaking step: `name` is gone from the response (user code reading `customer.name` stops compiling). */
export const customerV2 = {
  type: "object",
  required: ["id", "email"],
  properties: { id: { type: "string" }, email: { type: "string" } },
};

/** The documents of the chain, in order: additive, breaking, documentation only. */
export const chain = {
  additive: () => withCustomers("1.1.0", customerV1),
  breaking: () => withCustomers("2.0.0", customerV2),
  docs: () => withCustomers("2.0.1", customerV2, "A customer of your Duro account."),
};

/** An update that was applied. */
export type Applied = UpdateSpecResult & { status: "updated" };

/** The repository copy of one test file and the steps and checks of its updates. */
export interface SuccessiveUpdates {
  readonly repo: TempRepo;
  /**
   * Runs `specs:update` for Duro with `document`, its package checks (typecheck, test) included, and
   * checks that they ran and that the document was vendored byte for byte.
   */
  update(name: string, document: Json, options?: { buildDependencies?: boolean }): Promise<Applied>;
  /** Applies `document` as an earlier update without the package checks (the first file runs them). */
  replay(name: string, document: Json): Promise<Applied>;
  /** Replays every update of the chain before `step` (no checks) and checks the registry holds the last one. */
  replayBefore(step: keyof typeof chain): Promise<void>;
  changesetOf(result: Applied): string;
  expectNoDrift(): Promise<void>;
  /** Builds @scope/duro in the copy and checks that its declaration files name every path. */
  expectBuildHas(...paths: string[]): Promise<void>;
}

/** A repository copy for this test file (created before its tests, deleted after them). */
export function successiveUpdates(): SuccessiveUpdates {
  let repo: TempRepo | undefined;
  beforeAll(() => {
    repo = createTempRepo();
    base = parse(readFileSync(join(repo.root, "specs/duro.openapi.yaml"), "utf8")) as Json;
  }, 300_000);
  afterAll(() => repo?.dispose());
  const root = () => {
    if (!repo) throw new Error("the repository copy is made in beforeAll");
    return repo;
  };

  const write = (name: string, document: Json) => {
    const from = join(root().scratch, `${name}.yaml`);
    writeFileSync(from, stringify(document));
    return from;
  };
  const applied = (name: string, result: UpdateSpecResult): Applied => {
    if (result.status !== "updated") throw new Error(`${name}: expected an update, got ${result.status}`);
    return result;
  };

  return {
    get repo() {
      return root();
    },
    async update(name, document, options = {}) {
      const result = applied(
        name,
        await updateSpec({
          provider: "duro",
          from: write(name, document),
          root: root().root,
          today: "2030-01-01",
          ...options,
        }),
      );
      expect(result.checks.map((check) => check.script)).toEqual(["typecheck", "test"]);
      expect(readFileSync(join(root().root, "specs/duro.openapi.yaml"), "utf8")).toBe(stringify(document));
      return result;
    },
    async replay(name, document) {
      const from = write(name, document);
      return applied(
        name,
        await updateSpec({ provider: "duro", from, root: root().root, today: "2030-01-01", runChecks: false }),
      );
    },
    async replayBefore(step) {
      const steps = Object.keys(chain) as (keyof typeof chain)[];
      const earlier = steps.slice(0, steps.indexOf(step));
      for (const name of earlier) await this.replay(name, chain[name]());
      const last = earlier.at(-1);
      if (!last) return;
      const entry = readRegistry(root().root).providers.find((provider) => provider.id === "duro");
      expect(entry?.sha256).toBe(sha256(stringify(chain[last]())));
    },
    changesetOf(result) {
      return readFileSync(join(root().root, result.changesetFile), "utf8");
    },
    async expectNoDrift() {
      const scratch = mkdtempSync(join(tmpdir(), "scope-drift-"));
      try {
        expect(await findDrift(readRegistry(root().root), root().root, scratch)).toEqual([]);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
    async expectBuildHas(...paths) {
      const packageDir = join(root().root, "packages/duro");
      await runPackageScript({ root: root().root, packageDir, script: "build" });
      const dist = join(packageDir, "dist");
      const types = readdirSync(dist)
        .filter((name) => name.endsWith(".d.ts"))
        .map((name) => readFileSync(join(dist, name), "utf8"))
        .join("\n");
      for (const path of paths) expect(types).toContain(`"${path}"`);
    },
  };
}

/**
 * From document to runtime check: fixture documents go through the generator, and an openapi-fetch
 * client wrapped with auth-core's withResponseValidation reports (or accepts) msw responses on their
 * real operations: additionalProperties, $ref cycles, oneOf, nullable (3.0 and 3.1), enums, formats,
 * documented-without-content statuses and non-JSON media types.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createOpenApiClient } from "@scope/auth-core";
import {
  type ResponseMismatchEvent,
  type ResponseSchemaTable,
  ResponseValidationError,
  withResponseValidation,
} from "@scope/auth-core/validation";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateProvider, writeGeneratedFiles } from "../generate-provider.ts";
import { type ProviderEntry, repoRoot } from "../registry.ts";

const BASE = "https://api.fixture.test";
const server = setupServer();
// Inside the repository, so the generated module resolves "zod/mini" from the root node_modules.
const cacheDir = join(repoRoot, "node_modules/.cache");
mkdirSync(cacheDir, { recursive: true });
const scratch = mkdtempSync(join(cacheDir, "response-table-"));

const entry = (id: string, spec: string): ProviderEntry =>
  ({
    id,
    packageName: `@scope/${id}`,
    title: id,
    spec,
    upstreamUrl: "https://example.test/openapi.json",
    fetchedAt: "2026-12-01",
    sha256: "0".repeat(64),
    tokenOperation: {
      method: "post",
      path: "/v1/jwt/client/obtain/token",
      requestMediaType: "application/json",
      requestFields: ["client_id", "client_secret"],
      successStatus: 200,
      responseFields: ["access_token", "expires_in"],
    },
  }) as ProviderEntry;

async function tableOf(id: string, fixture: string): Promise<ResponseSchemaTable> {
  const files = await generateProvider(entry(id, fixture), { specFile: join(repoRoot, "scripts/fixtures", fixture) });
  const out = join(scratch, id);
  writeGeneratedFiles(out, files);
  const module = (await import(pathToFileURL(join(out, "src/generated/responses.zod.gen.ts")).href)) as {
    responseSchemas: ResponseSchemaTable;
  };
  return module.responseSchemas;
}

// biome-ignore lint/suspicious/noExplicitAny: the fixture paths are exercised untyped (the table is what is under test)
type AnyPaths = Record<string, any>;

function checkedClient(table: ResponseSchemaTable, mode: "observe" | "strict", events: ResponseMismatchEvent[]) {
  const client = createOpenApiClient<AnyPaths>({ baseUrl: BASE, fetch: (request) => globalThis.fetch(request) });
  return withResponseValidation(
    client,
    { provider: "fixture", schemas: table },
    { validateResponses: mode, onMismatch: (event) => void events.push(event) },
  );
}

const thing = {
  id: "3f0e8e4c-6a43-4a4b-9d4c-1c5e2f8d9a10",
  kind: "a",
  createdAt: "2026-01-01T00:00:00Z",
  tree: { name: "root", children: [{ name: "leaf", children: [] }] },
  shape: { type: "circle", r: 1 },
  meta: { visits: 3 },
  nickname: null,
};

let shapes: ResponseSchemaTable;
let nullable30: ResponseSchemaTable;
let payouts: ResponseSchemaTable;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: "error" });
  shapes = await tableOf("shapes", "response-checks/shapes-3.1.openapi.yaml");
  nullable30 = await tableOf("nullable", "response-checks/nullable-3.0.openapi.yaml");
  payouts = await tableOf("payouts", "idempotency/payouts.openapi.yaml");
});
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Serves `body` (JSON) with `status` for GET /things/1, calls it in observe mode, returns the events. */
async function observeThing(body: unknown, init: { status?: number; contentType?: string } = {}) {
  server.use(
    http.get(`${BASE}/things/1`, () =>
      init.contentType
        ? new HttpResponse(String(body), { status: init.status ?? 200, headers: { "content-type": init.contentType } })
        : HttpResponse.json(body as object, { status: init.status ?? 200 }),
    ),
  );
  const events: ResponseMismatchEvent[] = [];
  const result = await checkedClient(shapes, "observe", events).GET("/things/{id}", { params: { path: { id: "1" } } });
  return { events, result };
}

describe("generated response schemas on a fixture document", () => {
  it("a body that matches its schema passes without an event", async () => {
    const { events, result } = await observeThing(thing);
    expect(events).toEqual([]);
    expect(result.data).toEqual(thing);
  });

  it("additionalProperties: false makes an extra field a mismatch; an open nested object accepts one", async () => {
    const extra = await observeThing({ ...thing, surprise: 1, open: { a: "x", more: true } });
    expect(extra.events.map((e) => e.issues)).toEqual([
      [{ path: ["surprise"], code: "unrecognized_key", received: "number" }],
    ]);
  });

  it("additionalProperties with a schema checks the extra values' type", async () => {
    const { events } = await observeThing({ ...thing, meta: { visits: "three" } });
    expect(events[0]?.issues).toEqual([
      { path: ["meta", "visits"], code: "invalid_type", expected: "number", received: "string" },
    ]);
  });

  it("a $ref cycle is followed to any depth", async () => {
    const { events } = await observeThing({
      ...thing,
      tree: { name: "r", children: [{ name: "a", children: [{ name: 7 }] }] },
    });
    expect(events[0]?.issues.map((i) => i.path)).toEqual([["tree", "children", 0, "children", 0, "name"]]);
  });

  it("oneOf, enum and date-time are checked", async () => {
    const { events } = await observeThing({ ...thing, shape: { type: "triangle" }, kind: "z", createdAt: "yesterday" });
    expect(events[0]?.issues.map((i) => [i.path.join("."), i.code]).sort()).toEqual([
      ["createdAt", "invalid_format"],
      ["kind", "invalid_value"],
      ["shape", "invalid_union"],
    ]);
  });

  it("a documented status without content passes when empty; a documented non-JSON media type is not checked", async () => {
    expect((await observeThing(null, { status: 204, contentType: "text/plain" })).events).toEqual([]);
    server.use(
      http.get(`${BASE}/things/1`, () => new HttpResponse("a,b\n1,2", { headers: { "content-type": "text/csv" } })),
    );
    const events: ResponseMismatchEvent[] = [];
    await checkedClient(shapes, "observe", events).GET("/things/{id}", {
      params: { path: { id: "1" } },
      parseAs: "text",
    });
    expect(events).toEqual([]);
  });

  it("an error status with an undocumented media type is reported with the documented ones", async () => {
    const { events } = await observeThing("<h1>gone</h1>", { status: 404, contentType: "text/html" });
    expect(events).toMatchObject([
      {
        kind: "undocumented-media-type",
        status: 404,
        mediaType: "text/html",
        documented: ["application/problem+json"],
      },
    ]);
  });

  it("OpenAPI 3.0 nullable accepts null and still checks the type", async () => {
    const events: ResponseMismatchEvent[] = [];
    const client = checkedClient(nullable30, "observe", events);
    server.use(http.get(`${BASE}/x`, () => HttpResponse.json({ a: null, b: null })));
    await client.GET("/x", {});
    expect(events).toEqual([]);
    server.use(http.get(`${BASE}/x`, () => HttpResponse.json({ a: 1 })));
    await client.GET("/x", {});
    expect(events[0]?.issues).toEqual([{ path: ["a"], code: "invalid_type", expected: "string", received: "number" }]);
  });

  it("the payouts fixture: a retrieved payout missing a required field throws in strict mode, per operation", async () => {
    expect(Object.keys(payouts)).toContain("GET /v1/payouts/{payout_id}");
    server.use(http.get(`${BASE}/v1/payouts/po_1`, () => HttpResponse.json({ id: "po_1", reference_id: "r" })));
    const events: ResponseMismatchEvent[] = [];
    const call = checkedClient(payouts, "strict", events).GET("/v1/payouts/{payout_id}", {
      params: { path: { payout_id: "po_1" } },
    });
    await expect(call).rejects.toBeInstanceOf(ResponseValidationError);
    expect(events).toMatchObject([
      { operation: "GET /v1/payouts/{payout_id}", kind: "schema", status: 200, mediaType: "application/json" },
    ]);
    expect(events[0]?.issues).toContainEqual({
      path: ["amount"],
      code: "invalid_type",
      expected: "number",
      received: "missing",
    });
  });
});

import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { createOpenApiClient } from "../index.js";
import {
  isResponseValidationError,
  type ResponseMismatchEvent,
  type ResponseSchemaTable,
  ResponseValidationError,
  type ResponseValidationOptions,
  withResponseValidation,
} from "../validation.js";

interface Paths {
  "/items/{id}": {
    get: {
      parameters: { path: { id: string } };
      responses: {
        200: { content: { "application/json": { id: string } } };
        404: { content: { "application/json": { message: string } } };
      };
    };
    head: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { "application/json": { id: string } } } };
    };
  };
}

const schemas: ResponseSchemaTable = {
  "GET /items/{id}": {
    "200": { "application/json": z.strictObject({ id: z.string() }) },
    "4XX": { "application/json": z.object({ message: z.string() }) },
    default: { "application/problem+json": z.object({ title: z.string() }) },
  },
  "HEAD /items/{id}": { "200": { "application/json": z.object({ id: z.string() }) } },
};

function client(reply: () => Response, options: Partial<ResponseValidationOptions> = {}) {
  const events: ResponseMismatchEvent[] = [];
  const base = createOpenApiClient<Paths>({ baseUrl: "https://api.test", fetch: async () => reply() });
  const checked = withResponseValidation(
    base,
    { provider: "test", schemas },
    { validateResponses: "observe", onMismatch: (event) => void events.push(event), ...options },
  );
  return { base, checked, events };
}

const json = (body: unknown, status = 200, type = "application/json") =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
const get = (c: ReturnType<typeof client>["checked"], init: Record<string, unknown> = {}) =>
  c.GET("/items/{id}", { params: { path: { id: "1" } }, ...init });

describe("withResponseValidation", () => {
  it("an error status is looked up as its range (4XX) when the exact status is not documented", async () => {
    const { checked, events } = client(() => json({ message: 7 }, 409));
    await get(checked);
    expect(events).toMatchObject([
      { kind: "schema", status: 409, issues: [{ path: ["message"], code: "invalid_type" }] },
    ]);
  });

  it("a status with neither an exact nor a range entry falls to `default`", async () => {
    const { checked, events } = client(() => json({ title: "down" }, 503, "application/problem+json"));
    await get(checked);
    expect(events).toEqual([]);
    const second = client(() => json({ title: 1 }, 503, "application/problem+json"));
    await get(second.checked);
    expect(second.events).toMatchObject([{ kind: "schema", status: 503, documented: ["application/problem+json"] }]);
  });

  it("a media type's parameters and case do not matter", async () => {
    const { checked, events } = client(() => json({ id: "1" }, 200, "Application/JSON; charset=utf-8"));
    await get(checked);
    expect(events).toEqual([]);
  });

  it("a documented JSON body that arrives empty is a schema mismatch at the body itself", async () => {
    const { checked, events } = client(() => new Response(null, { status: 200 }));
    await get(checked);
    expect(events).toMatchObject([
      { kind: "schema", mediaType: undefined, issues: [{ path: [], received: "missing" }] },
    ]);
  });

  it("a HEAD answer is checked for its status only: it never has a body", async () => {
    const { checked, events } = client(
      () => new Response(null, { status: 200, headers: { "content-type": "application/json" } }),
    );
    await checked.HEAD("/items/{id}", { params: { path: { id: "1" } } });
    expect(events).toEqual([]);
    const other = client(() => new Response(null, { status: 404 }));
    await other.checked.HEAD("/items/{id}", { params: { path: { id: "1" } } });
    expect(other.events).toMatchObject([{ kind: "undocumented-status", status: 404 }]);
  });

  it("a per-call mode overrides the client's: strict for one call on an observing client", async () => {
    const { checked, events } = client(() => json({ id: 1 }));
    await expect(get(checked)).resolves.toMatchObject({ data: { id: 1 } });
    const error = await get(checked, { validateResponse: "strict" }).catch((e: unknown) => e);
    expect(isResponseValidationError(error)).toBe(true);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(events.map((e) => e.mode)).toEqual(["observe", "strict"]);
  });

  it("request(method, path) is checked too, and a path the table lacks is an undocumented operation", async () => {
    const { checked, events } = client(() => json({ id: 1 }));
    await checked.request("get", "/items/{id}", { params: { path: { id: "1" } } });
    const untyped = checked as unknown as { GET(path: string, init: object): Promise<unknown> };
    await untyped.GET("/elsewhere", {});
    expect(events.map((e) => [e.operation, e.kind])).toEqual([
      ["GET /items/{id}", "schema"],
      ["GET /elsewhere", "undocumented-operation"],
    ]);
  });

  it("middleware used on either client runs for both", async () => {
    const { base, checked } = client(() => json({ id: "1" }));
    const seen: string[] = [];
    base.use({ onRequest: () => void seen.push("used on the original") });
    checked.use({ onRequest: () => void seen.push("used on the checked") });
    await get(checked);
    await base.GET("/items/{id}", { params: { path: { id: "1" } } });
    expect(seen).toEqual([
      "used on the original",
      "used on the checked",
      "used on the original",
      "used on the checked",
    ]);
  });

  it("the strict error's message names the operation, status and paths, and its JSON shows no cause", async () => {
    const { checked } = client(() => json({ id: "1", extra: "private value" }), { validateResponses: "strict" });
    const error = (await get(checked).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error.message).toBe(
      "test GET /items/{id} answered 200: body does not match the documented schema (extra: unrecognized_key)",
    );
    expect(error.event.issues).toEqual([{ path: ["extra"], code: "unrecognized_key", received: "string" }]);
    expect(JSON.stringify(error)).not.toContain("private value");
  });
});

/**
 * The suite every provider package runs against its `/validation` entry: msw handlers from the
 * package's `/testing` export answer the token operation documented, and overriding handlers answer
 * it off-spec (an extra field, a missing required field, a wrong type, an undocumented status, a
 * non-JSON body), in observe and strict modes. The provider facts come in through `config`.
 */

import { inspect } from "node:util";
import {
  type ResponseMismatchEvent,
  ResponseValidationError,
  type ResponseValidationOptions,
} from "@scope/auth-core/validation";
import { type HttpHandler, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/** What the suite knows about one provider's token operation and its document. */
export interface ResponseValidationSuiteConfig {
  provider: string;
  /** The operation key, e.g. `"POST /v1/auth/jwt"`. */
  operation: string;
  /** Absolute URL the token operation is served on. */
  tokenUrl: string;
  /** The `/testing` mock's handlers (they answer the token operation as documented). */
  mockHandlers: HttpHandler[];
  /** Calls the token operation through a client wrapped with the provider's withResponseValidation. */
  call(options: ResponseValidationOptions, perCall?: { validateResponse?: false }): Promise<{ data?: unknown }>;
  /** The documented success status and a documented body (with `marker` in a string field). */
  success: { status: number; body: (marker: string) => Record<string, unknown> };
  /** The documented statuses, in document order. */
  documentedStatuses: string[];
  /** A documented non-success status with a JSON body, to answer as HTML. */
  errorStatus?: number;
  /** A required field (path into the body); omit when the document requires none. */
  requiredField?: readonly (string | number)[];
  /** A string field (path) to answer with a number. */
  stringField: readonly (string | number)[];
}

const MARKER = "personal-data-4711";

function without(body: Record<string, unknown>, path: readonly (string | number)[]): Record<string, unknown> {
  const copy = structuredClone(body);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1] as string | number];
  return copy;
}

function withValue(body: Record<string, unknown>, path: readonly (string | number)[], value: unknown) {
  const copy = structuredClone(body);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1] as string | number] = value;
  return copy;
}

/** Runs the response-validation suite for one provider. */
export function describeResponseValidation(config: ResponseValidationSuiteConfig): void {
  const server = setupServer(...config.mockHandlers);
  const good = config.success.body(MARKER);
  const reply = (body: unknown, status = config.success.status) =>
    server.use(http.post(config.tokenUrl, () => HttpResponse.json(body as object, { status })));
  const replyText = (text: string, status: number) =>
    server.use(
      http.post(config.tokenUrl, () => new HttpResponse(text, { status, headers: { "content-type": "text/html" } })),
    );

  async function observe(perCall?: { validateResponse?: false }) {
    const events: ResponseMismatchEvent[] = [];
    const result = await config.call({ validateResponses: "observe", onMismatch: (e) => void events.push(e) }, perCall);
    return { events, data: result.data };
  }

  async function strict(): Promise<{ error: unknown; events: ResponseMismatchEvent[] }> {
    const events: ResponseMismatchEvent[] = [];
    try {
      await config.call({ validateResponses: "strict", onMismatch: (e) => void events.push(e) });
      return { error: undefined, events };
    } catch (error) {
      return { error, events };
    }
  }

  describe(`${config.provider}/validation: response checks against the vendored document`, () => {
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterAll(() => server.close());

    it("the /testing mock's documented answer passes in both modes: no event, data as is", async () => {
      server.resetHandlers();
      const observed = await observe();
      expect(observed.events).toEqual([]);
      expect(observed.data).toBeTypeOf("object");
      expect((await strict()).error).toBeUndefined();
    });

    it("an extra field the schema allows (no additionalProperties: false) is no mismatch", async () => {
      reply({ ...good, somethingNew: MARKER });
      expect((await observe()).events).toEqual([]);
      expect((await strict()).error).toBeUndefined();
    });

    if (config.requiredField) {
      const field = config.requiredField;
      it("a missing required field: observe returns the data as is and reports the path; strict throws", async () => {
        const body = without(good, field);
        reply(body);
        const observed = await observe();
        expect(observed.data).toEqual(body);
        expect(observed.events).toEqual([
          expect.objectContaining({
            provider: config.provider,
            operation: config.operation,
            kind: "schema",
            mode: "observe",
            status: config.success.status,
            mediaType: "application/json",
            issues: [expect.objectContaining({ path: field, code: "invalid_type", received: "missing" })],
          }),
        ]);
        const { error, events } = await strict();
        expect(error).toBeInstanceOf(ResponseValidationError);
        expect((error as ResponseValidationError).event).toEqual(events[0]);
        expect(events[0]?.mode).toBe("strict");
      });
    }

    it("a wrong type is reported with the expected and received JSON types", async () => {
      reply(withValue(good, config.stringField, 4711));
      expect((await observe()).events[0]?.issues).toEqual([
        { path: config.stringField, code: "invalid_type", expected: "string", received: "number" },
      ]);
      expect((await strict()).error).toBeInstanceOf(ResponseValidationError);
    });

    it("an undocumented status is reported (with the documented ones), not checked against another", async () => {
      reply({ message: MARKER }, 418);
      expect((await observe()).events).toEqual([
        expect.objectContaining({ kind: "undocumented-status", status: 418, documented: config.documentedStatuses }),
      ]);
      const { error } = await strict();
      expect((error as ResponseValidationError).event.kind).toBe("undocumented-status");
    });

    it("a non-JSON success body: observe keeps openapi-fetch's SyntaxError and reports it; strict throws the typed error", async () => {
      replyText(`<html>${MARKER}</html>`, config.success.status);
      const events: ResponseMismatchEvent[] = [];
      await expect(
        config.call({ validateResponses: "observe", onMismatch: (e) => void events.push(e) }),
      ).rejects.toBeInstanceOf(SyntaxError);
      expect(events).toEqual([expect.objectContaining({ kind: "unparseable-body", mediaType: "text/html" })]);
      const { error } = await strict();
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).cause).toBeInstanceOf(SyntaxError);
    });

    if (config.errorStatus !== undefined) {
      const status = config.errorStatus;
      it("a non-JSON body on a documented error status is an undocumented media type", async () => {
        replyText(`<html>${MARKER}</html>`, status);
        expect((await observe()).events).toEqual([
          expect.objectContaining({
            kind: "undocumented-media-type",
            status,
            mediaType: "text/html",
            documented: ["application/json"],
          }),
        ]);
      });
    }

    it("one call switched off with { validateResponse: false } is not checked, even on a strict client", async () => {
      reply(withValue(good, config.stringField, 4711));
      const events: ResponseMismatchEvent[] = [];
      const result = await config.call(
        { validateResponses: "strict", onMismatch: (e) => void events.push(e) },
        { validateResponse: false },
      );
      expect(events).toEqual([]);
      expect(result.data).toEqual(withValue(good, config.stringField, 4711));
    });

    it("an operation in `skip` is not checked", async () => {
      reply(withValue(good, config.stringField, 4711));
      const events: ResponseMismatchEvent[] = [];
      await config.call({
        validateResponses: "strict",
        skip: [config.operation],
        onMismatch: (e) => void events.push(e),
      });
      expect(events).toEqual([]);
    });

    it("a listener that throws or rejects does not change the call's outcome", async () => {
      reply(withValue(good, config.stringField, 4711));
      const throwing = await config.call({
        validateResponses: "observe",
        onMismatch: () => {
          throw new Error("listener bug");
        },
      });
      expect(throwing.data).toBeTypeOf("object");
      const rejecting = await config.call({
        validateResponses: "observe",
        onMismatch: () => Promise.reject(new Error("x")),
      });
      expect(rejecting.data).toBeTypeOf("object");
    });

    it("no event or error contains a response value", async () => {
      const seen: unknown[] = [];
      const bodies: [unknown, number][] = [
        [withValue(good, config.stringField, 4711), config.success.status],
        [{ detail: MARKER }, 418],
      ];
      if (config.requiredField) bodies.push([without(good, config.requiredField), config.success.status]);
      for (const [body, status] of bodies) {
        reply(body, status);
        seen.push(...(await observe()).events);
        const { error } = await strict();
        expect(error).toBeInstanceOf(ResponseValidationError);
        seen.push(String(error), JSON.stringify(error), inspect(error));
      }
      expect(seen.length).toBe(bodies.length * 4);
      const text = JSON.stringify(seen);
      expect(text).not.toContain(MARKER);
      expect(text).not.toContain("4711");
    });
  });
}

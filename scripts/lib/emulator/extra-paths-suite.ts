/**
 * The shared runtime test of `create<Provider>Client<ExtraPaths>()`: a path only the caller declared is
 * authenticated like the document's own. Each provider package runs it with its factory and msw mock.
 */
import { resetSharedTokenCaches } from "@scope/auth-core";
import type { HttpHandler } from "msw";
import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

/** A path the vendored documents do not declare, typed by the caller (the echo API answers it). */
export interface MyPaths {
  "/v1/payments/{paymentId}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { paymentId: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": { path: string } } };
        401: { headers: { [name: string]: unknown }; content: { "application/json": unknown } };
      };
    };
  };
}

/** What the suite needs from a provider package. */
export interface ExtraPathsSuiteConfig {
  /** The factory's name, for the test name (e.g. "createDollrClient"). */
  factory: string;
  createClient(options: { clientId: string; clientSecret: string; baseUrl: string }): Client<MyPaths>;
  /** The provider's msw mock with the echo API on. */
  createMock(options: { baseUrl: string; echoApi: true }): {
    readonly handlers: HttpHandler[];
    readonly stats: { readonly tokenRequests: number; readonly unauthorized: number };
    reset(): void;
  };
}

/** Registers the test for one provider. */
export function describeExtraPaths(config: ExtraPathsSuiteConfig): void {
  const baseUrl = "https://provider.extra-paths.test";
  const mock = config.createMock({ baseUrl, echoApi: true });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterAll(() => server.close());
  beforeEach(async () => {
    await resetSharedTokenCaches();
    mock.reset();
  });

  describe(`${config.factory}<ExtraPaths>`, () => {
    it("authenticates a call to a path only the caller declared", async () => {
      const client = config.createClient({ clientId: "id", clientSecret: "secret", baseUrl });
      const { data, response } = await client.GET("/v1/payments/{paymentId}", {
        params: { path: { paymentId: "p-1" } },
      });
      expect(response.status).toBe(200);
      expect(data?.path).toBe("/v1/payments/p-1");
      expect(mock.stats.tokenRequests).toBe(1);
      expect(mock.stats.unauthorized).toBe(0);
    });
  });
}

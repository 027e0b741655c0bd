import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDuroClient, resetSharedTokenCaches } from "./index.js";
import { createDuroMock } from "./testing.js";

/** A path the vendored document does not declare, typed by the caller (the echo API answers it). */
interface MyPaths {
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

const baseUrl = "https://duro.extra-paths.test";
const mock = createDuroMock({ baseUrl, echoApi: true });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(async () => {
  await resetSharedTokenCaches();
  mock.reset();
});

describe("createDuroClient<ExtraPaths>", () => {
  it("authenticates a call to a path only the caller declared", async () => {
    const client = createDuroClient<MyPaths>({ clientId: "id", clientSecret: "secret", baseUrl });
    const { data, response } = await client.GET("/v1/payments/{paymentId}", { params: { path: { paymentId: "p-1" } } });
    expect(response.status).toBe(200);
    expect(data?.path).toBe("/v1/payments/p-1");
    expect(mock.stats.tokenRequests).toBe(1);
    expect(mock.stats.unauthorized).toBe(0);
  });
});

import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { createDuroClient, type DuroPaths, type paths } from "./index.js";

/** Paths of the caller's own, as openapi-typescript writes them for a fuller document. */
interface MyPaths {
  "/v1/payments/{paymentId}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { expand?: string }; header?: never; path: { paymentId: string }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": Payment } };
      };
    };
    post: {
      parameters: { query?: never; header?: never; path: { paymentId: string }; cookie?: never };
      requestBody: { content: { "application/json": { amount: number } } };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": Payment } };
      };
    };
  };
}

interface Payment {
  id: string;
  amount: number;
}

describe("createDuroClient<ExtraPaths> types", () => {
  const client = createDuroClient<MyPaths>({ clientId: "id", clientSecret: "secret" });

  it("merges the caller's paths with the generated ones; without them the client is exactly Client<paths>", () => {
    expectTypeOf(client).toEqualTypeOf<Client<DuroPaths<MyPaths>>>();
    expectTypeOf(createDuroClient()).toEqualTypeOf<Client<paths>>();
    expectTypeOf<DuroPaths>().toEqualTypeOf<paths>();
  });

  it("types a call to the caller's path: path params, body and response", async () => {
    const { data } = await client.GET("/v1/payments/{paymentId}", { params: { path: { paymentId: "p-1" } } });
    expectTypeOf(data).toEqualTypeOf<Payment | undefined>();
    await client.POST("/v1/payments/{paymentId}", { params: { path: { paymentId: "p-1" } }, body: { amount: 100 } });
    // @ts-expect-error the caller's path requires its path parameter
    await client.GET("/v1/payments/{paymentId}", {});
    await client.POST("/v1/payments/{paymentId}", {
      params: { path: { paymentId: "p-1" } },
      // @ts-expect-error amount is a number in the caller's document
      body: { amount: "100" },
    });
  });

  it("keeps the generated token operation typed, and a client without ExtraPaths rejects the caller's path", async () => {
    await client.POST("/v1/oauth/token", {
      body: { grant_type: "client_credentials", client_id: "id", client_secret: "secret" },
    });
    const plain = createDuroClient({ clientId: "id", clientSecret: "secret" });
    // @ts-expect-error the vendored document does not declare this path
    await plain.GET("/v1/payments/{paymentId}", { params: { path: { paymentId: "p-1" } } });
  });
});

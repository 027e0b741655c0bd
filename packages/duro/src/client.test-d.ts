import type { SchemaConformsToSpec } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { createDuroClient, type DuroClientOptions, type operations, type paths } from "./index.js";
import type { DuroTokenSchemaMatchesSpec } from "./token-dialect.js";

type Ok = operations["oauthToken"]["responses"][200]["content"]["application/json"];
const client = createDuroClient({ clientId: "cid_test_1", clientSecret: "secret" });

describe("createDuroClient types", () => {
  it("returns an openapi-fetch Client<paths>", () => {
    expectTypeOf(createDuroClient).returns.toEqualTypeOf<Client<paths>>();
    expectTypeOf(createDuroClient).parameter(0).toEqualTypeOf<DuroClientOptions | undefined>();
  });

  it("takes client credentials or a secret key with an sk_test_/sk_live_ prefix", () => {
    createDuroClient({ apiKey: "sk_test_123" });
    createDuroClient({ apiKey: "sk_live_123", environment: "production" });
    // @ts-expect-error a publishable or unknown key is not a secret key
    createDuroClient({ apiKey: "pk_test_123" });
    // @ts-expect-error apiKey replaces client credentials
    createDuroClient({ apiKey: "sk_test_123", clientId: "id", clientSecret: "s" });
    // @ts-expect-error only production and sandbox exist
    createDuroClient({ clientId: "id", clientSecret: "s", environment: "staging" });
  });

  it("types the token operation: grant_type is required and only client_credentials", async () => {
    const ok = await client.POST("/v1/oauth/token", {
      body: { grant_type: "client_credentials", client_id: "id", client_secret: "secret" },
    });
    expectTypeOf(ok.data).toEqualTypeOf<Ok | undefined>();
    // @ts-expect-error grant_type is required
    await client.POST("/v1/oauth/token", { body: { client_id: "id", client_secret: "secret" } });
    await client.POST("/v1/oauth/token", {
      // @ts-expect-error only the client_credentials grant exists
      body: { grant_type: "password", client_id: "id", client_secret: "secret" },
    });
  });

  it("proves at compile time that the token schema matches the generated response", () => {
    expectTypeOf<DuroTokenSchemaMatchesSpec>().toEqualTypeOf<true>();
    expectTypeOf<SchemaConformsToSpec<{ accessToken: string }, Ok>>().toEqualTypeOf<false>();
    expectTypeOf<SchemaConformsToSpec<{ access_token: string; expires_in: string }, Ok>>().toEqualTypeOf<false>();
  });
});

import type { SchemaConformsToSpec } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { type components, createDollrClient, type DollrClientOptions, type paths } from "./index.js";
import type { DollrTokenResponse, DollrTokenSchemaMatchesSpec } from "./token-dialect.js";

type SpecToken = components["schemas"]["ObtainTokenResponse"];
const client = createDollrClient({ clientId: "id", clientSecret: "secret" });

describe("createDollrClient types", () => {
  it("returns an openapi-fetch Client<paths>", () => {
    expectTypeOf(createDollrClient).returns.toEqualTypeOf<Client<paths>>();
    expectTypeOf(createDollrClient).parameter(0).toEqualTypeOf<DollrClientOptions | undefined>();
  });

  it("requires both credentials and knows only the production environment", () => {
    // @ts-expect-error clientSecret is required
    createDollrClient({ clientId: "id" });
    // @ts-expect-error Dollr has no sandbox
    createDollrClient({ clientId: "id", clientSecret: "s", environment: "sandbox" });
    createDollrClient({ clientId: "id", clientSecret: "s", environment: "production", retry: { maxAttempts: 2 } });
  });

  it("types the token operation: version is the const v1, the body is snake_case, expires_in a number", async () => {
    const ok = await client.POST("/{version}/jwt/client/obtain/token", {
      params: { path: { version: "v1" } },
      body: { client_id: "id", client_secret: "secret" },
    });
    expectTypeOf(ok.data).toEqualTypeOf<SpecToken | undefined>();
    expectTypeOf<NonNullable<typeof ok.data>["expires_in"]>().toEqualTypeOf<number>();
    await client.POST("/{version}/jwt/client/obtain/token", {
      // @ts-expect-error only v1 exists
      params: { path: { version: "v2" } },
      body: { client_id: "id", client_secret: "secret" },
    });
    await client.POST("/{version}/jwt/client/obtain/token", {
      params: { path: { version: "v1" } },
      // @ts-expect-error camelCase is Turris' body, not Dollr's
      body: { clientId: "id", clientSecret: "secret" },
    });
  });

  it("proves at compile time that the token schema matches the generated response", () => {
    expectTypeOf<DollrTokenSchemaMatchesSpec>().toEqualTypeOf<true>();
    expectTypeOf<DollrTokenResponse>().toEqualTypeOf<{ access_token: string; expires_in: number }>();
    expectTypeOf<SchemaConformsToSpec<{ access_token: string; expiresIn: number }, SpecToken>>().toEqualTypeOf<false>();
    expectTypeOf<
      SchemaConformsToSpec<{ access_token: string; expires_in: string }, SpecToken>
    >().toEqualTypeOf<false>();
  });
});

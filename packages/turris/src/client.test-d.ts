import type { SchemaConformsToSpec } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { createTurrisClient, type operations, type paths, type TurrisClientOptions } from "./index.js";
import type { TurrisTokenSchemaMatchesSpec } from "./token-dialect.js";

type Created = operations["AuthController_getToken_v1"]["responses"][201]["content"]["application/json"];
const client = createTurrisClient({ clientId: "id", clientSecret: "secret", environment: "sandbox" });

describe("createTurrisClient types", () => {
  it("returns an openapi-fetch Client<paths>", () => {
    expectTypeOf(createTurrisClient).returns.toEqualTypeOf<Client<paths>>();
    expectTypeOf(createTurrisClient).parameter(0).toEqualTypeOf<TurrisClientOptions | undefined>();
  });

  it("takes client credentials or a restricted access token, not both, and the spec's environments", () => {
    createTurrisClient({ restrictedAccessToken: "rat" });
    // @ts-expect-error restrictedAccessToken replaces client credentials
    createTurrisClient({ restrictedAccessToken: "rat", clientId: "id", clientSecret: "s" });
    // @ts-expect-error clientSecret is required with clientId
    createTurrisClient({ clientId: "id" });
    // @ts-expect-error only production and sandbox exist
    createTurrisClient({ clientId: "id", clientSecret: "s", environment: "staging" });
  });

  it("types the token operation: camelCase body, 201 with data.accessToken", async () => {
    const created = await client.POST("/v1/auth/jwt", { body: { clientId: "id", clientSecret: "secret" } });
    expectTypeOf(created.data).toEqualTypeOf<Created | undefined>();
    expectTypeOf<NonNullable<typeof created.data>["data"]["accessToken"]>().toEqualTypeOf<string>();
    // @ts-expect-error snake_case is Dollr's body, not Turris'
    await client.POST("/v1/auth/jwt", { body: { client_id: "id", client_secret: "secret" } });
  });

  it("proves at compile time that the envelope schema matches the generated 201 response", () => {
    expectTypeOf<TurrisTokenSchemaMatchesSpec>().toEqualTypeOf<true>();
    expectTypeOf<SchemaConformsToSpec<{ data: { access_token: string } }, Created>>().toEqualTypeOf<false>();
    expectTypeOf<
      SchemaConformsToSpec<{ data: { accessToken: string }; statusCode: number }, Created>
    >().toEqualTypeOf<false>();
  });
});

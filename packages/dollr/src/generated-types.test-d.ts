import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "./index.js";

type TokenOp = paths["/{version}/jwt/client/obtain/token"]["post"];

describe("Dollr generated types", () => {
  it("needs the path parameter version, which can only be v1", () => {
    expectTypeOf<TokenOp["parameters"]["path"]>().toEqualTypeOf<{ version: "v1" }>();
    // @ts-expect-error only the const v1 is accepted
    const wrong: TokenOp["parameters"]["path"] = { version: "v2" };
    void wrong;
  });

  it("takes snake_case credentials and returns a numeric expires_in", () => {
    type Body = TokenOp["requestBody"]["content"]["application/json"];
    expectTypeOf<Body>().toEqualTypeOf<{ client_id: string; client_secret: string }>();
    type Ok = TokenOp["responses"][200]["content"]["application/json"];
    expectTypeOf<Ok>().toEqualTypeOf<components["schemas"]["ObtainTokenResponse"]>();
    expectTypeOf<Ok["expires_in"]>().toEqualTypeOf<number>();
    expectTypeOf<Ok["access_token"]>().toEqualTypeOf<string>();
    // @ts-expect-error camelCase is not Dollr's body
    const wrong: Body = { clientId: "id", clientSecret: "secret" };
    void wrong;
  });

  it("types the 422 validation error list", () => {
    type Invalid = TokenOp["responses"][422]["content"]["application/json"];
    expectTypeOf<NonNullable<Invalid["detail"]>[number]["msg"]>().toEqualTypeOf<string>();
  });
});

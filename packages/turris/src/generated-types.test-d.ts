import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "./index.js";

type TokenOp = paths["/v1/auth/jwt"]["post"];
type TokenBody = TokenOp["requestBody"]["content"]["application/json"];
type Created = TokenOp["responses"][201]["content"]["application/json"];

describe("Turris generated types", () => {
  it("takes a camelCase {clientId, clientSecret} token body", () => {
    expectTypeOf<TokenBody>().toEqualTypeOf<components["schemas"]["GetTokenDto"]>();
    expectTypeOf<TokenBody>().toEqualTypeOf<{ clientId: string; clientSecret: string }>();
    // @ts-expect-error snake_case is not the documented body
    const wrong: TokenBody = { client_id: "id", client_secret: "secret" };
    void wrong;
  });

  it("answers 201 with the token inside a data envelope", () => {
    expectTypeOf<Created["data"]["accessToken"]>().toEqualTypeOf<string>();
    expectTypeOf<Created["data"]["expiresIn"]>().toEqualTypeOf<number>();
    expectTypeOf<Created["requestId"]>().toEqualTypeOf<string>();
    expectTypeOf<TokenOp["responses"]>().not.toHaveProperty(200);
  });

  it("types the documented error body", () => {
    type ErrorBody = TokenOp["responses"][401]["content"]["application/json"];
    expectTypeOf<ErrorBody["errorMessage"]>().toEqualTypeOf<string[]>();
    expectTypeOf<ErrorBody["errorType"]>().toEqualTypeOf<string>();
  });
});

import { describe, expectTypeOf, it } from "vitest";
import type { paths } from "./index.js";

type TokenOp = paths["/v1/oauth/token"]["post"];
type Body = TokenOp["requestBody"]["content"]["application/json"];

describe("Duro generated types", () => {
  it("needs grant_type client_credentials next to the credentials", () => {
    expectTypeOf<Body>().toEqualTypeOf<{
      grant_type: "client_credentials";
      client_id: string;
      client_secret: string;
    }>();
    // @ts-expect-error grant_type is required
    const missing: Body = { client_id: "id", client_secret: "secret" };
    // @ts-expect-error only the client_credentials grant is documented
    const otherGrant: Body = { grant_type: "password", client_id: "id", client_secret: "secret" };
    void missing;
    void otherGrant;
  });

  it("returns snake_case token fields, all optional in the document", () => {
    type Ok = TokenOp["responses"][200]["content"]["application/json"];
    expectTypeOf<Ok["access_token"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Ok["expires_in"]>().toEqualTypeOf<number | undefined>();
  });
});

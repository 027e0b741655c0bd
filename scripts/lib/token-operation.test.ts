import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type ProviderEntry, readRegistry, specPath } from "./registry.ts";
import type { Json } from "./spec-diff/model.ts";
import { checkTokenOperation, findTokenPath, rfc6749Expectation } from "./token-operation.ts";

const registry = readRegistry();
const provider = (id: string): ProviderEntry & { tokenOperation: NonNullable<ProviderEntry["tokenOperation"]> } => {
  const entry = registry.providers.find((candidate) => candidate.id === id);
  if (!entry?.tokenOperation) throw new Error(`${id} has no tokenOperation in the registry`);
  return entry as ProviderEntry & { tokenOperation: NonNullable<ProviderEntry["tokenOperation"]> };
};
const documentOf = (id: string): Json => parse(readFileSync(specPath(provider(id)), "utf8")) as Json;
const schemas = (document: Json) => (document.components as Json).schemas as Json;

describe("checkTokenOperation", () => {
  it("accepts every vendored document against its registry expectations", () => {
    for (const entry of registry.providers) {
      if (!entry.tokenOperation) continue;
      expect(checkTokenOperation(documentOf(entry.id), entry.tokenOperation), entry.id).toEqual([]);
    }
  });

  it("reports a token operation that disappeared", () => {
    const document = documentOf("turris");
    delete (document.paths as Json)["/v1/auth/jwt"];
    expect(checkTokenOperation(document, provider("turris").tokenOperation)).toEqual([
      "token operation POST /v1/auth/jwt is missing from the document",
    ]);
  });

  it("reports a newly required request field the dialect does not send (through a $ref)", () => {
    const document = documentOf("turris");
    const dto = schemas(document).GetTokenDto as Json;
    (dto.properties as Json).audience = { type: "string" };
    dto.required = ["clientId", "clientSecret", "audience"];
    expect(checkTokenOperation(document, provider("turris").tokenOperation)).toEqual([
      "token operation POST /v1/auth/jwt: request field `audience` is now required; the dialect does not send it",
    ]);
  });

  it("reports a renamed response field the dialect reads, a changed success status and a new media type", () => {
    const turris = documentOf("turris");
    delete ((schemas(turris).GetTokenResponse as Json).properties as Json).expiresIn;
    expect(checkTokenOperation(turris, provider("turris").tokenOperation)).toEqual([
      "token operation POST /v1/auth/jwt: response 201 no longer has field `data.expiresIn` that the dialect reads",
    ]);

    const dollr = documentOf("dollr");
    const operation = ((dollr.paths as Json)["/{version}/jwt/client/obtain/token"] as Json).post as Json;
    const responses = operation.responses as Json;
    responses["201"] = responses["200"];
    delete responses["200"];
    const body = (operation.requestBody as Json).content as Json;
    body["application/x-www-form-urlencoded"] = body["application/json"];
    delete body["application/json"];
    expect(checkTokenOperation(dollr, provider("dollr").tokenOperation)).toEqual([
      "token operation POST /{version}/jwt/client/obtain/token: request body no longer accepts application/json",
      "token operation POST /{version}/jwt/client/obtain/token: success response 200 is gone (has 201, 422)",
    ]);
  });
});

describe("rfc6749Expectation and findTokenPath", () => {
  const acme = (): Json =>
    parse(readFileSync(`${import.meta.dirname}/../fixtures/new-provider/acme.openapi.yaml`, "utf8")) as Json;

  it("finds the single form-encoded grant_type operation and holds it to what it declares", () => {
    const document = acme();
    expect(findTokenPath(document)).toEqual(["/oauth2/token"]);
    expect(rfc6749Expectation(document, "/oauth2/token")).toEqual({
      method: "post",
      path: "/oauth2/token",
      requestMediaType: "application/x-www-form-urlencoded",
      requestFields: ["grant_type", "client_id", "client_secret", "scope"],
      successStatus: 200,
      responseFields: ["access_token", "token_type", "expires_in"],
    });
  });

  it("lists only the request fields a basic-auth-only document declares", () => {
    const document = acme();
    const operation = ((document.paths as Json)["/oauth2/token"] as Json).post as Json;
    const schema = (((operation.requestBody as Json).content as Json)["application/x-www-form-urlencoded"] as Json)
      .schema as Json;
    schema.properties = { grant_type: { type: "string" } };
    expect(rfc6749Expectation(document, "/oauth2/token").requestFields).toEqual(["grant_type"]);
  });

  it("refuses JSON token endpoints (the dialects of Dollr, Turris and Duro are hand-written)", () => {
    expect(findTokenPath(documentOf("duro"))).toEqual(["/v1/oauth/token"]);
    expect(() => rfc6749Expectation(documentOf("duro"), "/v1/oauth/token")).toThrow(
      "token operation POST /v1/oauth/token does not take application/x-www-form-urlencoded: it is not an RFC 6749 token endpoint",
    );
    expect(() => rfc6749Expectation(documentOf("duro"), "/nope")).toThrow("token operation POST /nope is missing");
  });
});

/**
 * Dollr's token dialect: `POST /v1/jwt/client/obtain/token` with a snake_case body, a 200
 * `{access_token, expires_in}` whose `expires_in` is in MINUTES, and FastAPI `detail` errors.
 */
import type { Assert, FetchLike, ProviderErrorDetails, SchemaConformsToSpec, TokenEndpoint } from "@scope/auth-core";
import { createOpenApiClient, schema as s, unreadResponse } from "@scope/auth-core";
import type { operations, paths } from "./generated/openapi.gen.js";

type TokenOperation = operations["client_obtain_token__version__jwt_client_obtain_token_post"];
type SpecTokenResponse = TokenOperation["responses"][200]["content"]["application/json"];
type SpecValidationError = TokenOperation["responses"][422]["content"]["application/json"];

/** The token operation, which the auth middleware must leave unauthenticated. */
export const DOLLR_TOKEN_OPERATION = {
  method: "POST",
  path: "/{version}/jwt/client/obtain/token",
} as const satisfies { method: string; path: keyof paths };

/** Dollr's `expires_in` unit: minutes. */
export const DOLLR_EXPIRES_IN_UNIT_MS = 60_000;

/** Schema of Dollr's token response. */
export const dollrTokenResponseSchema = s.object({
  access_token: s.string({ minLength: 1 }),
  expires_in: s.number(),
});

/** Dollr's token response as the dialect reads it. */
export type DollrTokenResponse = s.Infer<typeof dollrTokenResponseSchema>;

/** Breaks the build when the generated 200 response stops matching the schema. */
export type DollrTokenSchemaMatchesSpec = Assert<SchemaConformsToSpec<DollrTokenResponse, SpecTokenResponse>>;

const validationErrorSchema = s.object({
  detail: s.array(s.object({ loc: s.array(s.union([s.string(), s.number()])), msg: s.string(), type: s.string() }), {
    minLength: 1,
  }),
});

/** Breaks the build when the generated 422 body stops matching the schema. */
export type DollrValidationErrorMatchesSpec = Assert<
  SchemaConformsToSpec<s.Infer<typeof validationErrorSchema>, SpecValidationError>
>;

const messageErrorSchema = s.object({ detail: s.string({ minLength: 1 }) });

/** Where and with what credentials the dialect asks for a token. */
export interface DollrTokenEndpointConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
}

/** Builds Dollr's TokenEndpoint on an openapi-fetch client that has no auth middleware. */
export function createDollrTokenEndpoint(config: DollrTokenEndpointConfig): TokenEndpoint<DollrTokenResponse> {
  const tokenClient = createOpenApiClient<paths>({ baseUrl: config.baseUrl, fetch: config.fetch });
  return {
    provider: "dollr",
    successStatus: [200],
    schema: dollrTokenResponseSchema,
    redact: [config.clientSecret],
    async send({ signal, headers }) {
      const result = await tokenClient.POST("/{version}/jwt/client/obtain/token", {
        params: { path: { version: "v1" } },
        body: { client_id: config.clientId, client_secret: config.clientSecret },
        parseAs: "stream",
        signal,
        ...(headers === undefined ? {} : { headers }),
      });
      return unreadResponse(result);
    },
    toToken: (body) => ({ accessToken: body.access_token, expiresInMs: body.expires_in * DOLLR_EXPIRES_IN_UNIT_MS }),
    parseError: parseDollrError,
  };
}

/** The token URL (also part of the token cache key). */
export function dollrTokenUrl(baseUrl: string): string {
  return `${baseUrl}/v1/jwt/client/obtain/token`;
}

/** Reads Dollr's `detail` error bodies: the 422 list (code = first item's type) or a message string. */
export function parseDollrError(body: unknown): ProviderErrorDetails {
  const list = validationErrorSchema.safeParse(body);
  if (list.success) {
    const [first] = list.data.detail;
    const message = list.data.detail.map((item) => `${item.loc.join(".")}: ${item.msg}`).join("; ");
    return first ? { code: first.type, message } : { message };
  }
  const single = messageErrorSchema.safeParse(body);
  return single.success ? { message: single.data.detail } : {};
}

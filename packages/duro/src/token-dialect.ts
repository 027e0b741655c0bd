/**
 * Duro's token dialect: `POST /v1/oauth/token` with `grant_type: "client_credentials"` and a
 * snake_case body, a 200 `{access_token, token_type, expires_in}` (seconds), and
 * `{error: {code, message}}` errors.
 */
import type { Assert, FetchLike, ProviderErrorDetails, SchemaConformsToSpec, TokenEndpoint } from "@scope/auth-core";
import { createOpenApiClient, schema as s, unreadResponse } from "@scope/auth-core";
import type { operations, paths } from "./generated/openapi.gen.js";

type SpecTokenResponse = operations["oauthToken"]["responses"][200]["content"]["application/json"];

/** The token operation, which the auth middleware must leave unauthenticated. */
export const DURO_TOKEN_OPERATION = {
  method: "POST",
  path: "/v1/oauth/token",
} as const satisfies { method: string; path: keyof paths };

/** Duro's `expires_in` unit: seconds. */
export const DURO_EXPIRES_IN_UNIT_MS = 1000;

/** Schema of Duro's token response (the spec marks every field optional; a token needs two). */
export const duroTokenResponseSchema = s.object({
  access_token: s.string({ minLength: 1 }),
  token_type: s.optional(s.string()),
  expires_in: s.number(),
});

/** Duro's token response as the dialect reads it. */
export type DuroTokenResponse = s.Infer<typeof duroTokenResponseSchema>;

/** Breaks the build when the generated 200 response stops matching the schema. */
export type DuroTokenSchemaMatchesSpec = Assert<SchemaConformsToSpec<DuroTokenResponse, SpecTokenResponse>>;

/** Duro's documented error body (the spec does not declare it). */
const errorSchema = s.object({
  error: s.object({ code: s.optional(s.string()), message: s.optional(s.string()) }),
  request_id: s.optional(s.string()),
});

/** Where and with what credentials the dialect asks for a token. */
export interface DuroTokenEndpointConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
}

/** Builds Duro's TokenEndpoint on an openapi-fetch client that has no auth middleware. */
export function createDuroTokenEndpoint(config: DuroTokenEndpointConfig): TokenEndpoint<DuroTokenResponse> {
  const tokenClient = createOpenApiClient<paths>({ baseUrl: config.baseUrl, fetch: config.fetch });
  return {
    provider: "duro",
    successStatus: [200],
    schema: duroTokenResponseSchema,
    redact: [config.clientSecret],
    async send({ signal, headers }) {
      const result = await tokenClient.POST("/v1/oauth/token", {
        body: { grant_type: "client_credentials", client_id: config.clientId, client_secret: config.clientSecret },
        parseAs: "stream",
        signal,
        ...(headers === undefined ? {} : { headers }),
      });
      return unreadResponse(result);
    },
    toToken: (body) => ({
      accessToken: body.access_token,
      expiresInMs: body.expires_in * DURO_EXPIRES_IN_UNIT_MS,
      ...(body.token_type === undefined ? {} : { tokenType: body.token_type }),
    }),
    parseError: parseDuroError,
  };
}

/** The token URL (also part of the token cache key). */
export function duroTokenUrl(baseUrl: string): string {
  return `${baseUrl}/v1/oauth/token`;
}

/** Reads Duro's `{error: {code, message}}` body into code and message. */
export function parseDuroError(body: unknown): ProviderErrorDetails {
  const parsed = errorSchema.safeParse(body);
  if (!parsed.success) return {};
  const details: ProviderErrorDetails = {};
  if (parsed.data.error.code) details.code = parsed.data.error.code;
  if (parsed.data.error.message) details.message = parsed.data.error.message;
  if (parsed.data.request_id) details.requestId = parsed.data.request_id;
  return details;
}

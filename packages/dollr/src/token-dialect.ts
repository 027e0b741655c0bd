/**
 * Dollr's token dialect: `POST /v1/jwt/client/obtain/token` with a snake_case body, a 200
 * `{access_token, expires_in}` whose `expires_in` is in MINUTES, and FastAPI `detail` errors.
 */
import type { Assert, FetchLike, ProviderErrorDetails, SchemaConformsToSpec, TokenEndpoint } from "@scope/auth-core";
import { createOpenApiClient, unreadResponse } from "@scope/auth-core";
import * as z from "zod/mini";
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

/** zod schema of Dollr's token response. */
export const dollrTokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number(),
});

/** Dollr's token response as the dialect reads it. */
export type DollrTokenResponse = z.output<typeof dollrTokenResponseSchema>;

/** Breaks the build when the generated 200 response stops matching the schema. */
export type DollrTokenSchemaMatchesSpec = Assert<SchemaConformsToSpec<DollrTokenResponse, SpecTokenResponse>>;

const validationErrorSchema = z.object({
  detail: z
    .array(z.object({ loc: z.array(z.union([z.string(), z.number()])), msg: z.string(), type: z.string() }))
    .check(z.minLength(1)),
});

/** Breaks the build when the generated 422 body stops matching the schema. */
export type DollrValidationErrorMatchesSpec = Assert<
  SchemaConformsToSpec<z.output<typeof validationErrorSchema>, SpecValidationError>
>;

const messageErrorSchema = z.object({ detail: z.string().check(z.minLength(1)) });

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
    async send({ signal }) {
      const result = await tokenClient.POST("/{version}/jwt/client/obtain/token", {
        params: { path: { version: "v1" } },
        body: { client_id: config.clientId, client_secret: config.clientSecret },
        parseAs: "stream",
        signal,
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

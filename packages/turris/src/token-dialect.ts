/**
 * Turris' token dialect: `POST /v1/auth/jwt` with a camelCase body, a **201** answer wrapped in a
 * `data` envelope (`expiresIn` in seconds; an extra `statusCode` is tolerated), and
 * `ErrorResponseDto` errors (`errorType`, `errorMessage[]`, `requestId`).
 */
import type { Assert, FetchLike, ProviderErrorDetails, SchemaConformsToSpec, TokenEndpoint } from "@scope/auth-core";
import { createOpenApiClient, schema as s, unreadResponse } from "@scope/auth-core";
import type { components, operations, paths } from "./generated/openapi.gen.js";

type SpecTokenResponse = operations["AuthController_getToken_v1"]["responses"][201]["content"]["application/json"];
type SpecErrorResponse = components["schemas"]["ErrorResponseDto"];

/** The token operation, which the auth middleware must leave unauthenticated. */
export const TURRIS_TOKEN_OPERATION = {
  method: "POST",
  path: "/v1/auth/jwt",
} as const satisfies { method: string; path: keyof paths };

/** Turris' `expiresIn` unit: seconds. */
export const TURRIS_EXPIRES_IN_UNIT_MS = 1000;

/** Schema of Turris' 201 envelope (the spec's shape); unknown keys such as `statusCode` are accepted and dropped. */
export const turrisTokenEnvelopeSchema = s.object({
  data: s.object({
    accessToken: s.string({ minLength: 1 }),
    expiresIn: s.number(),
    tokenType: s.optional(s.string()),
  }),
  requestId: s.optional(s.string()),
  timestamp: s.optional(s.string()),
});

/**
 * The plain body Turris' prose docs show (`{access_token, expires_in}` on a 200), camelCase tolerated:
 * a server that follows the docs rather than the spec still authenticates. Lifetimes are seconds.
 */
const turrisPlainTokenSchema = s.union([
  s.object({
    access_token: s.string({ minLength: 1 }),
    expires_in: s.number(),
    token_type: s.optional(s.string()),
  }),
  s.object({
    accessToken: s.string({ minLength: 1 }),
    expiresIn: s.number(),
    tokenType: s.optional(s.string()),
  }),
]);

/** Schema of every token success body Turris is known to send: the spec's envelope or the docs' plain body. */
export const turrisTokenResponseSchema = s.union([turrisTokenEnvelopeSchema, turrisPlainTokenSchema]);

/** Turris' token response as the dialect reads it. */
export type TurrisTokenResponse = s.Infer<typeof turrisTokenResponseSchema>;

/** Breaks the build when the generated 201 response stops matching the envelope schema. */
export type TurrisTokenSchemaMatchesSpec = Assert<
  SchemaConformsToSpec<s.Infer<typeof turrisTokenEnvelopeSchema>, SpecTokenResponse>
>;

/** Reads either success shape into the token fields (lifetime still in seconds). */
function tokenFields(body: TurrisTokenResponse): {
  accessToken: string;
  expiresIn: number;
  tokenType?: string | undefined;
} {
  if ("data" in body) return body.data;
  if ("access_token" in body) {
    return { accessToken: body.access_token, expiresIn: body.expires_in, tokenType: body.token_type };
  }
  return body;
}

const errorSchema = s.object({
  statusCode: s.optional(s.number()),
  requestId: s.optional(s.string()),
  errorType: s.optional(s.string()),
  errorMessage: s.optional(s.array(s.string())),
});

/** Breaks the build when the generated ErrorResponseDto stops matching the schema. */
export type TurrisErrorSchemaMatchesSpec = Assert<SchemaConformsToSpec<s.Infer<typeof errorSchema>, SpecErrorResponse>>;

/** Where and with what credentials the dialect asks for a token. */
export interface TurrisTokenEndpointConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
}

/** Builds Turris' TokenEndpoint on an openapi-fetch client that has no auth middleware. */
export function createTurrisTokenEndpoint(config: TurrisTokenEndpointConfig): TokenEndpoint<TurrisTokenResponse> {
  const tokenClient = createOpenApiClient<paths>({ baseUrl: config.baseUrl, fetch: config.fetch });
  return {
    provider: "turris",
    successStatus: [201, 200],
    schema: turrisTokenResponseSchema,
    redact: [config.clientSecret],
    async send({ signal, headers }) {
      const result = await tokenClient.POST("/v1/auth/jwt", {
        body: { clientId: config.clientId, clientSecret: config.clientSecret },
        parseAs: "stream",
        signal,
        ...(headers === undefined ? {} : { headers }),
      });
      return unreadResponse(result);
    },
    toToken: (body) => {
      const data = tokenFields(body);
      return {
        accessToken: data.accessToken,
        expiresInMs: data.expiresIn * TURRIS_EXPIRES_IN_UNIT_MS,
        ...(data.tokenType === undefined ? {} : { tokenType: data.tokenType }),
      };
    },
    parseError: parseTurrisError,
  };
}

/** The token URL (also part of the token cache key). */
export function turrisTokenUrl(baseUrl: string): string {
  return `${baseUrl}/v1/auth/jwt`;
}

/** Reads Turris' ErrorResponseDto: code = errorType, message = errorMessage joined, requestId. */
export function parseTurrisError(body: unknown): ProviderErrorDetails {
  const parsed = errorSchema.safeParse(body);
  if (!parsed.success) return {};
  const { errorType, errorMessage, requestId } = parsed.data;
  const details: ProviderErrorDetails = {};
  if (errorType) details.code = errorType;
  if (errorMessage && errorMessage.length > 0) details.message = errorMessage.join("; ");
  if (requestId) details.requestId = requestId;
  return details;
}

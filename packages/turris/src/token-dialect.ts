/**
 * Turris' token dialect: `POST /v1/auth/jwt` with a camelCase body, a **201** answer wrapped in a
 * `data` envelope (`expiresIn` in seconds; an extra `statusCode` is tolerated), and
 * `ErrorResponseDto` errors (`errorType`, `errorMessage[]`, `requestId`).
 */
import type { Assert, FetchLike, ProviderErrorDetails, SchemaConformsToSpec, TokenEndpoint } from "@scope/auth-core";
import { unreadResponse } from "@scope/auth-core";
import createClient from "openapi-fetch";
import * as z from "zod/mini";
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

/** zod schema of Turris' 201 envelope (the spec's shape); unknown keys such as `statusCode` are accepted and dropped. */
export const turrisTokenEnvelopeSchema = z.object({
  data: z.object({
    accessToken: z.string().check(z.minLength(1)),
    expiresIn: z.number(),
    tokenType: z.optional(z.string()),
  }),
  requestId: z.optional(z.string()),
  timestamp: z.optional(z.string()),
});

/**
 * The plain body Turris' prose docs show (`{access_token, expires_in}` on a 200), camelCase tolerated:
 * a server that follows the docs rather than the spec still authenticates. Lifetimes are seconds.
 */
const turrisPlainTokenSchema = z.union([
  z.object({
    access_token: z.string().check(z.minLength(1)),
    expires_in: z.number(),
    token_type: z.optional(z.string()),
  }),
  z.object({
    accessToken: z.string().check(z.minLength(1)),
    expiresIn: z.number(),
    tokenType: z.optional(z.string()),
  }),
]);

/** zod schema of every token success body Turris is known to send: the spec's envelope or the docs' plain body. */
export const turrisTokenResponseSchema = z.union([turrisTokenEnvelopeSchema, turrisPlainTokenSchema]);

/** Turris' token response as the dialect reads it. */
export type TurrisTokenResponse = z.output<typeof turrisTokenResponseSchema>;

/** Breaks the build when the generated 201 response stops matching the envelope schema. */
export type TurrisTokenSchemaMatchesSpec = Assert<
  SchemaConformsToSpec<z.output<typeof turrisTokenEnvelopeSchema>, SpecTokenResponse>
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

const errorSchema = z.object({
  statusCode: z.optional(z.number()),
  requestId: z.optional(z.string()),
  errorType: z.optional(z.string()),
  errorMessage: z.optional(z.array(z.string())),
});

/** Breaks the build when the generated ErrorResponseDto stops matching the schema. */
export type TurrisErrorSchemaMatchesSpec = Assert<
  SchemaConformsToSpec<z.output<typeof errorSchema>, SpecErrorResponse>
>;

/** Where and with what credentials the dialect asks for a token. */
export interface TurrisTokenEndpointConfig {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
}

/** Builds Turris' TokenEndpoint on an openapi-fetch client that has no auth middleware. */
export function createTurrisTokenEndpoint(config: TurrisTokenEndpointConfig): TokenEndpoint<TurrisTokenResponse> {
  const tokenClient = createClient<paths>({ baseUrl: config.baseUrl, fetch: config.fetch });
  return {
    provider: "turris",
    successStatus: [201, 200],
    schema: turrisTokenResponseSchema,
    redact: [config.clientSecret],
    async send({ signal }) {
      const result = await tokenClient.POST("/v1/auth/jwt", {
        body: { clientId: config.clientId, clientSecret: config.clientSecret },
        parseAs: "stream",
        signal,
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

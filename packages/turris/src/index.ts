/**
 * @scope/turris: typed client for the Turris API.
 * Types are generated from specs/turris.openapi.yaml into ./generated (never edit those files).
 */

export type { AuthEvent, AuthTuningOptions, TokenStore } from "@scope/auth-core";
export {
  ClientOptionsError,
  disposeClient,
  type FetchLike,
  resetSharedTokenCaches,
  TokenRequestError,
} from "@scope/auth-core";
export { createTurrisClient } from "./client.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";
export {
  TURRIS_DEFAULT_BASE_URL,
  TURRIS_ENVIRONMENTS,
  type TurrisClientOptions,
  type TurrisCommonOptions,
  type TurrisEnvironment,
} from "./options.js";
export {
  TURRIS_EXPIRES_IN_UNIT_MS,
  TURRIS_TOKEN_OPERATION,
  type TurrisTokenResponse,
  type TurrisTokenSchemaMatchesSpec,
  turrisTokenResponseSchema,
} from "./token-dialect.js";

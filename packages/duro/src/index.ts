/**
 * @scope/duro: typed client for the Duro API.
 * Types are generated from specs/duro.openapi.yaml into ./generated (never edit those files).
 */

export type { AuthEvent, AuthTuningOptions, TokenStore } from "@scope/auth-core";
export {
  ClientOptionsError,
  disposeClient,
  type FetchLike,
  resetSharedTokenCaches,
  TokenRequestError,
} from "@scope/auth-core";
export { createDuroClient } from "./client.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";
export {
  DURO_DEFAULT_BASE_URL,
  DURO_ENVIRONMENTS,
  type DuroClientOptions,
  type DuroCommonOptions,
  type DuroEnvironment,
} from "./options.js";
export {
  DURO_EXPIRES_IN_UNIT_MS,
  DURO_TOKEN_OPERATION,
  type DuroTokenResponse,
  type DuroTokenSchemaMatchesSpec,
  duroTokenResponseSchema,
} from "./token-dialect.js";

/**
 * @scope/dollr: typed client for the Dollr API.
 * Types are generated from specs/dollr.openapi.yaml into ./generated (never edit those files).
 */

export type { AuthEvent, AuthTuningOptions, TokenStore } from "@scope/auth-core";
export {
  ClientOptionsError,
  disposeClient,
  type FetchLike,
  resetSharedTokenCaches,
  TokenRequestError,
} from "@scope/auth-core";
export { createDollrClient } from "./client.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";
export {
  DOLLR_DEFAULT_BASE_URL,
  DOLLR_ENVIRONMENTS,
  type DollrClientOptions,
  type DollrEnvironment,
} from "./options.js";
export {
  DOLLR_EXPIRES_IN_UNIT_MS,
  DOLLR_TOKEN_OPERATION,
  type DollrTokenResponse,
  type DollrTokenSchemaMatchesSpec,
  dollrTokenResponseSchema,
} from "./token-dialect.js";

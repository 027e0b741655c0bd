/**
 * @scope/turris: typed client for the Turris API.
 * The public surface: the client factory, its options, environments and error types, and the
 * generated `paths` / `components` / `operations`. The token dialect (validation schemas, the compile-time
 * spec-conformance checks) and the spec's identity stay internal, so neither a validator change nor a spec
 * update's new sha256 changes these types. Types are generated from specs/turris.openapi.yaml into
 * ./generated (never edit those files). The surface is recorded in review/turris.api.md (`pnpm api:check`).
 */

export type {
  ApiAttemptEvent,
  AuthEvent,
  AuthTuningOptions,
  ClientEvent,
  ClientEventListener,
  ClientInstrumentation,
  Logger,
  LogLevel,
  RequestResilienceOptions,
  ResilienceEvent,
  ResilienceOptions,
  TokenStore,
} from "@scope/auth-core";
export {
  ClientOptionsError,
  DeadlineExceededError,
  disposeClient,
  type FetchLike,
  RequestAbortedError,
  RequestTimeoutError,
  requestIdOf,
  resetSharedTokenCaches,
  TokenRequestError,
  withResilience,
} from "@scope/auth-core";
export { createTurrisClient, type TurrisPaths } from "./client.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments } from "./generated/spec.gen.js";
export {
  TURRIS_DEFAULT_BASE_URL,
  TURRIS_ENV_VARIABLES,
  TURRIS_ENVIRONMENTS,
  type TurrisClientOptions,
  type TurrisCommonOptions,
  type TurrisEnvironment,
  type TurrisRestrictedTokenOption,
} from "./options.js";

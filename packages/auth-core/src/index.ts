/**
 * @scope/auth-core: client-credentials token caching and an openapi-fetch auth middleware.
 * Knows nothing about any provider; each provider package hands it a token fetcher.
 */
export { credentialOfKey, type TokenCacheKeyParts, tokenCacheKey } from "./cache-key.js";
export { isTokenRequestError, TokenRequestError, type TokenRequestErrorOptions } from "./errors.js";
export { InMemoryTokenStore, type InMemoryTokenStoreOptions } from "./memory-store.js";
export {
  type AuthMiddleware,
  type AuthMiddlewareOptions,
  type ClientFetch,
  createAuthMiddleware,
} from "./middleware.js";
export * from "./rfc6749.js";
export {
  type CoordinatedTokenStore,
  coordinatedTokenStore,
  STORE_COORDINATION,
  type StoreCoordinationFactory,
} from "./token/coordinated-store.js";
export type { StoreCoordinationOptions, StoreCoordinator } from "./token/store-coordination.js";
export {
  createTokenCache,
  type GetTokenOptions,
  type InvalidateOptions,
  type TokenCache,
  type TokenCacheOptions,
  UNAUTHORIZED_HOLD_MS,
} from "./token-cache.js";
export { createTokenFetcher, MAX_TOKEN_LIFETIME_MS, type TokenFetcherOptions } from "./token-fetcher.js";
export type * from "./types.js";

/** The package name, for diagnostics. */
export const AUTH_CORE_PACKAGE = "@scope/auth-core";
export {
  type ClientCredentialsConfig,
  createClientCredentialsClient,
  createStaticHeaderClient,
  disposeClient,
  type OperationRef,
  resetSharedTokenCaches,
} from "./authenticated-client.js";
export { isBrowserEnvironment } from "./browser-guard.js";
export { type CredentialVariables, readEnvironmentVariable } from "./environment-variables.js";
export { assertSecureUrl, isLoopbackHost } from "./insecure-http.js";
export { createOpenApiClient } from "./openapi-client.js";
export {
  assertNotInBrowser,
  ClientOptionsError,
  type ConnectionInput,
  connectionShape,
  type FetchLike,
  fetchOption,
  httpUrl,
  optionsError,
  type ResolvedConnection,
  requiredString,
  resolveConnection,
  resolveFetch,
  trimBaseUrl,
  tuningOf,
  tuningShape,
} from "./option-schemas.js";
export {
  type AlternativeCredential,
  type ClientCredentialsChoice,
  type ClientCredentialsOptions,
  type ClientCredentialsOrEnvironment,
  type ClientOptionsConfig,
  type ConnectionOptions,
  type CredentialChoice,
  type CredentialsFromEnvironment,
  type CredentialsOr,
  clientOptionsResolver,
  type MergedPaths,
  type ResolvedClientOptions,
} from "./provider-options.js";
export * from "./resilience/index.js";
export type { Infer, InferShape, OptionalSchema, SafeParseResult, Schema, SchemaIssue } from "./schema.js";
/**
 * The small validator the clients check options, token responses and error bodies with (zod-shaped
 * `safeParse` results, messages that never contain the checked value): `schema.strictObject`, `schema.string`, ...
 */
export * as schema from "./schema.js";
export type { Assert, SchemaConformsToSpec } from "./spec-conformance.js";
export type { AttemptObserver, AttemptReport } from "./telemetry/attempt-events.js";
export type { ApiAttemptEvent, ClientEvent, ClientEventListener } from "./telemetry/events.js";
export { AUTH_CORE_VERSION, SDK_HEADER, sdkIdentity } from "./telemetry/identification.js";
export type { CallEnd, CallScope, CallStart, ClientInstrumentation } from "./telemetry/instrumentation.js";
export type { ListenerResult } from "./telemetry/listeners.js";
export type { Logger, LogLevel } from "./telemetry/logger.js";
export { type ResultLike, requestIdOf } from "./telemetry/request-id.js";
export { type FetchResultLike, unreadResponse } from "./unread-response.js";

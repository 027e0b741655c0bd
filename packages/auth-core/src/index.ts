/**
 * @scope/auth-core: client-credentials token caching and an openapi-fetch auth middleware.
 * Knows nothing about any provider; each provider package hands it a token fetcher.
 */
export const AUTH_CORE_PACKAGE = "@scope/auth-core";
export * from "./rfc6749.js";

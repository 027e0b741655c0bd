/**
 * @scope/auth-core/testing/core: the parts of the provider mocks that need neither msw nor Node: a
 * token endpoint in a provider's dialect (`createTokenMock`), a provider's mock definition
 * (`defineProviderMock`) and the dialect helpers. Both `/testing` (msw) and `/testing/server` (a
 * loopback server) build on them, and a provider's mock definition imports only this entry.
 */
export {
  type ApiFault,
  type ApiFaultStats,
  droppedConnection,
  MockApiFaults,
  type MockApiFaultsOptions,
} from "./testing/api-faults.js";
export { type EchoBody, echoOf, readJson } from "./testing/echo-api.js";
export {
  bearerToken,
  failureHeaders,
  type MockClock,
  type MockFailure,
  type MockRateLimit,
  type MockReply,
  type MockStats,
  MockTokenAuthority,
  type RateLimitState,
} from "./testing/mock-authority.js";
export { createMockRequestHandler, type MockRequestHandler } from "./testing/mock-request-handler.js";
export {
  type AnyProviderTokenMock,
  defineProviderMock,
  type ProviderMockDefinition,
} from "./testing/provider-definition.js";
export { type Rfc6749ErrorBody, type Rfc6749TokenBody, rfc6749MockDialect } from "./testing/rfc6749-mock.js";
export {
  bodyRecord,
  createTokenMock,
  type DialectReply,
  missingStringFields,
  type ProviderTokenMock,
  type TokenMockDialect,
  type TokenMockErrorKind,
  type TokenMockOptions,
  type TokenMockReplyContext,
} from "./testing/token-mock.js";

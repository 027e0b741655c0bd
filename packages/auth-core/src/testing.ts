/**
 * @scope/auth-core/testing: the provider-neutral core of the provider packages' `/testing` exports.
 * `createTokenMock` runs a mock token endpoint in a provider's dialect (issued tokens, counters, queued
 * failures, rate limit); `defineProviderMock` + `createProviderMock` turn it into msw handlers with an
 * authenticated echo API. Requires msw 2 (an optional peer dependency).
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
export {
  type AnyProviderTokenMock,
  createProviderMock,
  defineProviderMock,
  type MswMockParts,
  type ProviderMockDefinition,
  type ProviderMswOptions,
} from "./testing/provider-mock.js";
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

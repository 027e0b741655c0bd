/**
 * @scope/auth-core/testing: the provider-neutral core of the provider packages' mock token
 * endpoints (issued tokens, counters, queued failures, rate limit). Imports no msw.
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

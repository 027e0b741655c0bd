/**
 * @scope/auth-core/testing: the provider-neutral core of the provider packages' `/testing` exports.
 * `createTokenMock` runs a mock token endpoint in a provider's dialect (issued tokens, counters, queued
 * failures, rate limit); `defineProviderMock` + `createProviderMock` turn it into msw handlers with an
 * authenticated echo API. Requires msw 2 (an optional peer dependency).
 */

export { createProviderMock, type MswMockParts, type ProviderMswOptions } from "./testing/provider-mock.js";
// Everything that needs neither msw nor Node comes from /testing/core (one list: this entry adds the msw parts).
export * from "./testing-core.js";

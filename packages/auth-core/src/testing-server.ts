/**
 * @scope/auth-core/testing/server (Node only: it needs node:http): a loopback HTTP server serving one
 * provider's mock (`startProviderMockServer`) and the body of the providers' `<provider>-mock`
 * commands (`runMockServerCli`). Needs no msw.
 */

export {
  type MockServerCliOptions,
  parseMockServerArgs,
  runMockServerCli,
} from "./testing/mock-server-cli.js";
export { type MockServerListenOptions, type MockServerParts, startProviderMockServer } from "./testing/node-server.js";
export type {
  AnyProviderTokenMock,
  ApiFault,
  ApiFaultStats,
  MockApiFaults,
  MockApiFaultsOptions,
  MockClock,
  MockFailure,
  MockRateLimit,
  MockReply,
  MockStats,
  ProviderMockDefinition,
  ProviderTokenMock,
  TokenMockOptions,
} from "./testing-core.js";

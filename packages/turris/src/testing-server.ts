/**
 * @scope/turris/testing/server (Node only: it needs node:http; no msw): a loopback HTTP server that
 * speaks Turris's token dialect and answers every other path with an authenticated echo API, for local
 * development and end-to-end tests. `npx turris-mock` runs the same server from the command line.
 */
import {
  type MockServerListenOptions,
  type MockServerParts,
  startProviderMockServer,
} from "@scope/auth-core/testing/server";
import { mockDefinition, type TurrisMockOptions, type TurrisTokenMock } from "./testing/mock-token-endpoint.js";

export type { MockServerListenOptions, MockServerParts } from "@scope/auth-core/testing/server";
export type {
  TurrisErrorBody,
  TurrisMockOptions,
  TurrisTokenBody,
  TurrisTokenMock,
} from "./testing/mock-token-endpoint.js";

/**
 * Options of startTurrisMockServer: the mock's knobs (`clientId`/`clientSecret` make other credentials
 * get Turris's documented 401 body) plus where it listens (a loopback host, default 127.0.0.1:0).
 */
export interface TurrisMockServerOptions extends TurrisMockOptions, MockServerListenOptions {}

/** A running Turris mock server: `baseUrl` for the client, the mock's counters and knobs, `close()`. */
export interface TurrisMockServer extends TurrisTokenMock, MockServerParts {}

/** Starts a loopback HTTP server emulating Turris's token endpoint and an authenticated echo API. */
export function startTurrisMockServer(options: TurrisMockServerOptions = {}): Promise<TurrisMockServer> {
  return startProviderMockServer(mockDefinition, options);
}

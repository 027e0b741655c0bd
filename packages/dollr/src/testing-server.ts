/**
 * @scope/dollr/testing/server (Node only: it needs node:http; no msw): a loopback HTTP server that
 * speaks Dollr's token dialect and answers every other path with an authenticated echo API, for local
 * development and end-to-end tests. `npx dollr-mock` runs the same server from the command line.
 */
import {
  type MockServerListenOptions,
  type MockServerParts,
  startProviderMockServer,
} from "@scope/auth-core/testing/server";
import { type DollrMockOptions, type DollrTokenMock, mockDefinition } from "./testing/mock-token-endpoint.js";

export type { MockServerListenOptions, MockServerParts } from "@scope/auth-core/testing/server";
export type {
  DollrErrorBody,
  DollrMockOptions,
  DollrTokenBody,
  DollrTokenMock,
} from "./testing/mock-token-endpoint.js";

/**
 * Options of startDollrMockServer: the mock's knobs (`clientId`/`clientSecret` make other credentials
 * get Dollr's documented 401 body) plus where it listens (a loopback host, default 127.0.0.1:0).
 */
export interface DollrMockServerOptions extends DollrMockOptions, MockServerListenOptions {}

/** A running Dollr mock server: `baseUrl` for the client, the mock's counters and knobs, `close()`. */
export interface DollrMockServer extends DollrTokenMock, MockServerParts {}

/** Starts a loopback HTTP server emulating Dollr's token endpoint and an authenticated echo API. */
export function startDollrMockServer(options: DollrMockServerOptions = {}): Promise<DollrMockServer> {
  return startProviderMockServer(mockDefinition, options);
}

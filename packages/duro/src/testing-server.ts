/**
 * @scope/duro/testing/server (Node only: it needs node:http; no msw): a loopback HTTP server that
 * speaks Duro's token dialect and answers every other path with an authenticated echo API, for local
 * development and end-to-end tests. `npx duro-mock` runs the same server from the command line.
 */
import {
  type MockServerListenOptions,
  type MockServerParts,
  startProviderMockServer,
} from "@scope/auth-core/testing/server";
import { type DuroMockOptions, type DuroTokenMock, mockDefinition } from "./testing/mock-token-endpoint.js";

export type { MockServerListenOptions, MockServerParts } from "@scope/auth-core/testing/server";
export type { DuroErrorBody, DuroMockOptions, DuroTokenBody, DuroTokenMock } from "./testing/mock-token-endpoint.js";

/**
 * Options of startDuroMockServer: the mock's knobs (`clientId`/`clientSecret` make other credentials
 * get Duro's documented 401 body) plus where it listens (a loopback host, default 127.0.0.1:0).
 */
export interface DuroMockServerOptions extends DuroMockOptions, MockServerListenOptions {}

/** A running Duro mock server: `baseUrl` for the client, the mock's counters and knobs, `close()`. */
export interface DuroMockServer extends DuroTokenMock, MockServerParts {}

/** Starts a loopback HTTP server emulating Duro's token endpoint and an authenticated echo API. */
export function startDuroMockServer(options: DuroMockServerOptions = {}): Promise<DuroMockServer> {
  return startProviderMockServer(mockDefinition, options);
}

/**
 * A loopback HTTP server (node:http, so Node only) serving one provider's mock: its token endpoint
 * in the provider's dialect and an authenticated echo API, for local development, end-to-end tests
 * and the providers' `*-mock` commands. Listens on 127.0.0.1 (or another loopback host) only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MockApiFaults } from "./api-faults.js";
import { createMockRequestHandler } from "./mock-request-handler.js";
import type { AnyProviderTokenMock, ProviderMockDefinition } from "./provider-definition.js";
import type { TokenMockOptions } from "./token-mock.js";

/** Where the mock server listens. */
export interface MockServerListenOptions {
  /** A loopback host: 127.0.0.1 (default), another 127.x.y.z, ::1 or localhost. Anything else is refused. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
}

/** A running mock server: the token mock's counters and knobs, plus where it listens. */
export interface MockServerParts {
  /** The base URL to give the client, e.g. `http://127.0.0.1:54321`. */
  readonly baseUrl: string;
  /** The TCP port the server listens on (the free one picked when `port` was 0). */
  readonly port: number;
  /** The echo API's faults and counters. */
  readonly api: MockApiFaults;
  /** Stops listening and closes every open connection. Idempotent. */
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;

/**
 * Starts a loopback server for one provider's mock and resolves once it listens. With `clientId` /
 * `clientSecret` in `options`, other credentials get the provider's documented 401 error body.
 */
export async function startProviderMockServer<TMock extends AnyProviderTokenMock, TOptions extends TokenMockOptions>(
  definition: ProviderMockDefinition<TMock, TOptions>,
  options: TOptions & MockServerListenOptions = {} as TOptions & MockServerListenOptions,
): Promise<TMock & MockServerParts> {
  const { host = "127.0.0.1", port = 0, ...mockOptions } = options;
  if (!LOOPBACK.test(host)) throw new Error(`mock server: host must be a loopback address, got "${host}"`);
  const handler = createMockRequestHandler(definition, mockOptions as unknown as TOptions);
  let baseUrl = "";
  const server = createServer((req, res) => {
    answer(req, res, (request) => handler.handle(request, baseUrl)).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" }).end('{"error":"mock error"}');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  let closing: Promise<void> | undefined;
  const parts: MockServerParts = {
    baseUrl,
    port: address.port,
    api: handler.api,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
  // The mock's getters (stats, lastTokenRequest) stay live through the prototype.
  return Object.assign(Object.create(handler.mock) as TMock, parts);
}

/** Turns a Node request into a Web Request, lets `handle` answer it, and writes the Response back. */
async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: Request) => Promise<Response>,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  const method = req.method ?? "GET";
  const init: RequestInit = { method, headers };
  if (chunks.length > 0 && method !== "GET" && method !== "HEAD") init.body = Buffer.concat(chunks);
  const response = await handle(new Request(new URL(req.url ?? "/", "http://mock.local"), init));
  if (response.type === "error") {
    res.destroy(); // an injected dropped connection
    return;
  }
  const payload = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": payload.length });
  res.end(payload);
}

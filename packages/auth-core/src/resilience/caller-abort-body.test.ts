/** The caller's abort while the response body is read ends the call with RequestAbortedError (real server). */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestAbortedError } from "./errors.js";
import { createResilience } from "./layer.js";

let server: Server;
let base = "";
beforeAll(async () => {
  // Sends the headers and the start of a JSON body, then stalls.
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.write('{"data":[');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe("a caller abort during the body read", () => {
  it.each([{ deadlineMs: 5_000 }, { timeoutMs: 5_000 }])(
    "rejects with RequestAbortedError, the caller's reason as its cause (%o)",
    async (options) => {
      const layer = createResilience({ ...options, fetch: (request) => globalThis.fetch(request) });
      // biome-ignore lint/suspicious/noExplicitAny: an untyped path on a real loopback server
      const client = createClient<any>({ baseUrl: base, fetch: layer.fetch, bodySerializer: layer.bodySerializer });
      client.use(layer.middleware);
      const controller = new AbortController();
      const reason = new Error("user cancelled");
      setTimeout(() => controller.abort(reason), 100);
      const error = await client.GET("/stall", { signal: controller.signal }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect((error as Error).cause).toBe(reason);
    },
  );
});

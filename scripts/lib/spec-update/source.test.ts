import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSpecSource, SpecSourceError } from "./source.ts";

const BODY = Buffer.from("openapi: 3.1.0\r\ninfo: {title: T, version: '1'}\r\n# non-ASCII stays as is: é\r\n", "utf8");
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === "/openapi.yaml") {
      response.writeHead(200, { "content-type": "application/yaml" });
      response.end(BODY);
    } else if (request.url === "/hang") {
      // never answers: the client's timeout must fire
    } else {
      response.writeHead(404, "Not Found");
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("readSpecSource", () => {
  it("fetches a URL and keeps the exact bytes", async () => {
    const source = await readSpecSource(`${base}/openapi.yaml`);
    expect(source.bytes.equals(BODY)).toBe(true);
    expect(source.origin).toBe(`${base}/openapi.yaml`);
  });

  it("names the URL and the status of a failed fetch", async () => {
    await expect(readSpecSource(`${base}/missing.json`)).rejects.toThrow(
      new SpecSourceError(`cannot fetch ${base}/missing.json: HTTP 404 Not Found`),
    );
  });

  it("gives up after the timeout with a message that suggests --from", async () => {
    await expect(readSpecSource(`${base}/hang`, { timeoutMs: 200 })).rejects.toThrow(
      /^cannot fetch http:\/\/127\.0\.0\.1:\d+\/hang: no answer within 200 ms \(use --from <file>/,
    );
  });

  it("reports a network failure", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(readSpecSource(`http://127.0.0.1:${port}/openapi.json`, { timeoutMs: 5_000 })).rejects.toThrow(
      /cannot fetch http:\/\/127\.0\.0\.1:\d+\/openapi\.json: .*ECONNREFUSED/,
    );
  });

  it("reads a file relative to the given working directory, or names the missing path", async () => {
    const source = await readSpecSource("fixtures/spec-diff/base.yaml", { cwd: `${import.meta.dirname}/../..` });
    expect(source.bytes.toString("utf8")).toContain("Acme Billing API");
    await expect(readSpecSource("nope.yaml", { cwd: "/nonexistent" })).rejects.toThrow(
      "cannot read /nonexistent/nope.yaml: ENOENT",
    );
  });
});

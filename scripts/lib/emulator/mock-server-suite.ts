/**
 * The shared test suite of a provider's runnable mock server (`@scope/<provider>/testing/server` and its
 * `<provider>-mock` command): each provider package runs it with its own factory, server and 401 body.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { FetchLike } from "@scope/auth-core";
import { resetSharedTokenCaches, TokenRequestError } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";

/** The echo API path the mock-server tests call, as openapi-fetch `paths` (the caller's own). */
const ECHO_PATH = "/v1/echo";

/** The echo API every provider mock answers for an authenticated request. */
export interface EchoPaths {
  "/v1/echo": {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": { path: string } } };
        401: { headers: { [name: string]: unknown }; content: { "application/json": unknown } };
      };
    };
  };
}

/** A started mock server, as the providers' `start<Provider>MockServer` return it. */
export interface SuiteMockServer {
  readonly baseUrl: string;
  readonly stats: { readonly tokenRequests: number };
  reset(): void;
  close(): Promise<void>;
}

/** What the suite needs from a provider package. */
export interface MockServerSuiteConfig {
  provider: string;
  /** The provider's name as its docs write it, for test names. */
  displayName: string;
  /** The provider's factory, typed with the echo paths. */
  createClient(options: {
    clientId: string;
    clientSecret: string;
    baseUrl: string;
    fetch?: FetchLike;
    token?: { maxRetries: number };
  }): Client<EchoPaths>;
  /** `start<Provider>MockServer`. */
  start(options: { clientId?: string; clientSecret?: string; host?: string }): Promise<SuiteMockServer>;
  /** The provider's documented body of a 401 for wrong credentials (matchers allowed). */
  unauthorizedBody: unknown;
  /** What the TokenRequestError's message quotes from that body. */
  unauthorizedMessage: string;
  /** The package folder (where `src/mock-server-cli.ts` is). */
  packageDir: URL;
}

/** Registers the mock server's and the command's tests for one provider. */
export function describeMockServer(config: MockServerSuiteConfig): void {
  const required = { clientId: `${config.provider}-required-id`, clientSecret: `${config.provider}-required-secret` };

  /** A fetch that records the token endpoint's response bodies. */
  const recordingFetch =
    (bodies: unknown[]): FetchLike =>
    async (request) => {
      const response = await globalThis.fetch(request);
      if (request.method === "POST") bodies.push(await response.clone().json());
      return response;
    };

  /** What a call with `credentials` to the server at `baseUrl` gets: the thrown error and the token bodies. */
  async function callWith(baseUrl: string, credentials: typeof required) {
    const bodies: unknown[] = [];
    const client = config.createClient({
      ...credentials,
      baseUrl,
      fetch: recordingFetch(bodies),
      token: { maxRetries: 0 },
    });
    const error = await client.GET(ECHO_PATH).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    return { error, bodies };
  }

  beforeEach(() => resetSharedTokenCaches());

  describe(`start${config.displayName}MockServer`, () => {
    let server: SuiteMockServer;
    beforeAll(async () => {
      server = await config.start(required);
    });
    afterAll(() => server.close());
    afterEach(() => server.reset());

    it(`answers wrong credentials with ${config.displayName}'s documented 401 body, which the client turns into a TokenRequestError`, async () => {
      const { error, bodies } = await callWith(server.baseUrl, { ...required, clientSecret: "wrong-secret" });
      expect(error).toBeInstanceOf(TokenRequestError);
      expect((error as TokenRequestError).status).toBe(401);
      expect((error as TokenRequestError).message).toContain(config.unauthorizedMessage);
      expect(bodies).toEqual([config.unauthorizedBody]);
    });

    it("issues a token for the required credentials and answers the echo API only with it", async () => {
      const client = config.createClient({ ...required, baseUrl: server.baseUrl });
      const { data, response } = await client.GET(ECHO_PATH);
      expect(response.status).toBe(200);
      expect(data?.path).toBe(ECHO_PATH);
      expect(server.stats.tokenRequests).toBe(1);
      expect((await fetch(`${server.baseUrl}${ECHO_PATH}`)).status).toBe(401);
    });

    it("listens on loopback only", async () => {
      expect(new URL(server.baseUrl).hostname).toBe("127.0.0.1");
      await expect(config.start({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
    });
  });

  describe(`the ${config.provider}-mock command`, () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      child?.kill("SIGTERM");
    });

    it("prints its base URL and requires the credentials it was given", async () => {
      const args = ["--client-id", required.clientId, "--client-secret", required.clientSecret];
      child = spawn(process.execPath, ["--import", "tsx", "src/mock-server-cli.ts", ...args], {
        cwd: config.packageDir,
        stdio: ["ignore", "pipe", "inherit"],
      });
      const stdout = child.stdout;
      if (!stdout) throw new Error("no stdout");
      const first = await createInterface({ input: stdout })[Symbol.asyncIterator]().next();
      const started = JSON.parse((first.value as string | undefined) ?? "{}") as { provider: string; baseUrl: string };
      expect(started.provider).toBe(config.provider);
      const wrong = await callWith(started.baseUrl, { ...required, clientId: "someone-else" });
      expect((wrong.error as TokenRequestError).status).toBe(401);
      expect(wrong.bodies).toEqual([config.unauthorizedBody]);
      expect((await callWith(started.baseUrl, required)).error).toBeUndefined();
    });
  });
}

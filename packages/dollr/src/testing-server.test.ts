import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDollrClient, type FetchLike, resetSharedTokenCaches, TokenRequestError } from "./index.js";
import { type DollrMockServer, startDollrMockServer } from "./testing-server.js";

/** The echo API path the mock-server tests call, as openapi-fetch `paths` (the caller's own). */
const ECHO_PATH = "/v1/echo";

/** The echo API every provider mock answers for an authenticated request. */
interface EchoPaths {
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

const required = { clientId: "dollr-required-id", clientSecret: "dollr-required-secret" };

/** A fetch that records the token endpoint's response bodies. */
function recordingFetch(bodies: unknown[]): FetchLike {
  return async (request) => {
    const response = await globalThis.fetch(request);
    if (request.method === "POST") bodies.push(await response.clone().json());
    return response;
  };
}

/** What a call with `credentials` to the server at `baseUrl` gets: the thrown error and the token response bodies. */
async function callWith(baseUrl: string, credentials: typeof required) {
  const bodies: unknown[] = [];
  const client = createDollrClient<EchoPaths>({
    ...credentials,
    baseUrl,
    fetch: recordingFetch(bodies),
    retry: { maxAttempts: 1 },
  });
  const error = await client.GET(ECHO_PATH).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { error, bodies };
}

beforeEach(() => resetSharedTokenCaches());

describe("startDollrMockServer", () => {
  let server: DollrMockServer;
  beforeAll(async () => {
    server = await startDollrMockServer(required);
  });
  afterAll(() => server.close());
  afterEach(() => server.reset());

  it("answers wrong credentials with Dollr's documented 401 body, which the client turns into a TokenRequestError", async () => {
    const { error, bodies } = await callWith(server.baseUrl, { ...required, clientSecret: "wrong-secret" });
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).status).toBe(401);
    expect((error as TokenRequestError).message).toContain("Invalid client credentials");
    expect(bodies).toEqual([{ detail: "Invalid client credentials" }]);
  });

  it("issues a token for the required credentials and answers the echo API only with it", async () => {
    const client = createDollrClient<EchoPaths>({ ...required, baseUrl: server.baseUrl });
    const { data, response } = await client.GET(ECHO_PATH);
    expect(response.status).toBe(200);
    expect(data?.path).toBe(ECHO_PATH);
    expect(server.stats.tokenRequests).toBe(1);
    expect((await fetch(`${server.baseUrl}${ECHO_PATH}`)).status).toBe(401);
  });

  it("listens on loopback only", async () => {
    expect(new URL(server.baseUrl).hostname).toBe("127.0.0.1");
    await expect(startDollrMockServer({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });
});

describe("the dollr-mock command", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("prints its base URL and requires the credentials it was given", async () => {
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/mock-server-cli.ts",
        "--client-id",
        required.clientId,
        "--client-secret",
        required.clientSecret,
      ],
      { cwd: new URL("..", import.meta.url), stdio: ["ignore", "pipe", "inherit"] },
    );
    const stdout = child.stdout;
    if (!stdout) throw new Error("no stdout");
    const [line] = await createInterface({ input: stdout })
      [Symbol.asyncIterator]()
      .next()
      .then((r) => [r.value as string]);
    const started = JSON.parse(line ?? "{}") as { provider: string; baseUrl: string };
    expect(started.provider).toBe("dollr");
    const wrong = await callWith(started.baseUrl, { ...required, clientId: "someone-else" });
    expect((wrong.error as TokenRequestError).status).toBe(401);
    expect(wrong.bodies).toEqual([{ detail: "Invalid client credentials" }]);
    expect((await callWith(started.baseUrl, required)).error).toBeUndefined();
  });
});

import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTurrisClient, type FetchLike, resetSharedTokenCaches, TokenRequestError } from "./index.js";
import { startTurrisMockServer, type TurrisMockServer } from "./testing-server.js";

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

const required = { clientId: "turris-required-id", clientSecret: "turris-required-secret" };

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
  const client = createTurrisClient<EchoPaths>({
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

describe("startTurrisMockServer", () => {
  let server: TurrisMockServer;
  beforeAll(async () => {
    server = await startTurrisMockServer(required);
  });
  afterAll(() => server.close());
  afterEach(() => server.reset());

  it("answers wrong credentials with Turris's documented 401 body, which the client turns into a TokenRequestError", async () => {
    const { error, bodies } = await callWith(server.baseUrl, { ...required, clientSecret: "wrong-secret" });
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).status).toBe(401);
    expect((error as TokenRequestError).message).toContain("Invalid client credentials");
    expect(bodies).toEqual([
      {
        statusCode: 401,
        requestId: expect.any(String),
        errorType: "UNAUTHORIZED",
        errorMessage: ["Invalid client credentials"],
        timestamp: expect.any(String),
      },
    ]);
  });

  it("issues a token for the required credentials and answers the echo API only with it", async () => {
    const client = createTurrisClient<EchoPaths>({ ...required, baseUrl: server.baseUrl });
    const { data, response } = await client.GET(ECHO_PATH);
    expect(response.status).toBe(200);
    expect(data?.path).toBe(ECHO_PATH);
    expect(server.stats.tokenRequests).toBe(1);
    expect((await fetch(`${server.baseUrl}${ECHO_PATH}`)).status).toBe(401);
  });

  it("listens on loopback only", async () => {
    expect(new URL(server.baseUrl).hostname).toBe("127.0.0.1");
    await expect(startTurrisMockServer({ host: "0.0.0.0" })).rejects.toThrow(/loopback/);
  });
});

describe("the turris-mock command", () => {
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
    expect(started.provider).toBe("turris");
    const wrong = await callWith(started.baseUrl, { ...required, clientId: "someone-else" });
    expect((wrong.error as TokenRequestError).status).toBe(401);
    expect(wrong.bodies).toEqual([
      {
        statusCode: 401,
        requestId: expect.any(String),
        errorType: "UNAUTHORIZED",
        errorMessage: ["Invalid client credentials"],
        timestamp: expect.any(String),
      },
    ]);
    expect((await callWith(started.baseUrl, required)).error).toBeUndefined();
  });
});

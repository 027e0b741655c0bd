import { describe, expect, it } from "vitest";
import { createDuroTokenEndpoint, duroTokenResponseSchema, parseDuroError } from "./token-dialect.js";

const config = { baseUrl: "https://sandbox.useduro.com", clientId: "cid_test_1", clientSecret: "secret-1" };
const signal = new AbortController().signal;

describe("Duro token dialect", () => {
  it("posts grant_type client_credentials with snake_case credentials and no Authorization header", async () => {
    const requests: Request[] = [];
    const endpoint = createDuroTokenEndpoint({
      ...config,
      fetch: async (request) => {
        requests.push(request);
        return Response.json({ access_token: "t", token_type: "Bearer", expires_in: 3600 });
      },
    });
    await endpoint.send({ signal });
    expect(requests[0]?.url).toBe("https://sandbox.useduro.com/v1/oauth/token");
    expect(requests[0]?.headers.get("authorization")).toBeNull();
    expect(await requests[0]?.json()).toEqual({
      grant_type: "client_credentials",
      client_id: "cid_test_1",
      client_secret: "secret-1",
    });
  });

  it("requires the two fields a token needs although the spec marks them optional, and reads seconds", () => {
    const endpoint = createDuroTokenEndpoint({ ...config, fetch: async () => new Response() });
    const parsed = duroTokenResponseSchema.parse({ access_token: "t", token_type: "Bearer", expires_in: 3600 });
    expect(endpoint.toToken(parsed)).toEqual({ accessToken: "t", expiresInMs: 3_600_000, tokenType: "Bearer" });
    expect(duroTokenResponseSchema.safeParse({ token_type: "Bearer", expires_in: 3600 }).success).toBe(false);
    expect(duroTokenResponseSchema.safeParse({ access_token: "t" }).success).toBe(false);
  });

  it("hands over an error response whose body is still readable, and reads {error: {code, message}}", async () => {
    const body = { error: { code: "rate_limited", message: "Too many requests" } };
    const endpoint = createDuroTokenEndpoint({ ...config, fetch: async () => Response.json(body, { status: 429 }) });
    const response = await endpoint.send({ signal });
    expect(response.status).toBe(429);
    const read = (await response.json()) as unknown;
    expect(read).toEqual(body);
    expect(parseDuroError(read)).toEqual({ code: "rate_limited", message: "Too many requests" });
    expect(parseDuroError({ error: "flat string" })).toEqual({});
  });
});

import { describe, expect, it } from "vitest";
import { createTurrisTokenEndpoint, parseTurrisError, turrisTokenResponseSchema } from "./token-dialect.js";

const config = { baseUrl: "https://public.api.sandbox.turrisfi.com", clientId: "id-1", clientSecret: "secret-1" };
const signal = new AbortController().signal;
const envelope = {
  data: { accessToken: "t", expiresIn: 3600, tokenType: "Bearer" },
  requestId: "dev-1",
  timestamp: "2025-11-12T20:49:03.293Z",
};

describe("Turris token dialect", () => {
  it("posts camelCase credentials to /v1/auth/jwt without an Authorization header and expects 201", async () => {
    const requests: Request[] = [];
    const endpoint = createTurrisTokenEndpoint({
      ...config,
      fetch: async (request) => {
        requests.push(request);
        return Response.json(envelope, { status: 201 });
      },
    });
    const response = await endpoint.send({ signal });
    expect(endpoint.successStatus).toContain(201);
    expect(await response.json()).toEqual(envelope);
    expect(requests[0]?.url).toBe("https://public.api.sandbox.turrisfi.com/v1/auth/jwt");
    expect(requests[0]?.headers.get("authorization")).toBeNull();
    expect(await requests[0]?.json()).toEqual({ clientId: "id-1", clientSecret: "secret-1" });
  });

  it("accepts the envelope with or without statusCode and reads seconds", () => {
    const endpoint = createTurrisTokenEndpoint({ ...config, fetch: async () => new Response() });
    for (const body of [envelope, { ...envelope, statusCode: 201 }]) {
      const parsed = turrisTokenResponseSchema.parse(body);
      expect(endpoint.toToken(parsed)).toEqual({ accessToken: "t", expiresInMs: 3_600_000, tokenType: "Bearer" });
    }
    expect(turrisTokenResponseSchema.safeParse({ data: { accessToken: "t" } }).success).toBe(false);
    expect(turrisTokenResponseSchema.safeParse({ access_token: "t" }).success).toBe(false);
  });

  it("accepts the docs' plain body (snake_case or camelCase), lifetime in seconds", () => {
    const endpoint = createTurrisTokenEndpoint({ ...config, fetch: async () => new Response() });
    for (const body of [
      { access_token: "t", expires_in: 3600, token_type: "Bearer" },
      { accessToken: "t", expiresIn: 3600, tokenType: "Bearer" },
    ]) {
      const parsed = turrisTokenResponseSchema.parse(body);
      expect(endpoint.toToken(parsed)).toEqual({ accessToken: "t", expiresInMs: 3_600_000, tokenType: "Bearer" });
    }
  });

  it("reads ErrorResponseDto into code, message and request id", () => {
    expect(
      parseTurrisError({
        statusCode: 401,
        requestId: "dev-9",
        errorType: "UNAUTHORIZED",
        errorMessage: ["Invalid client credentials"],
        timestamp: "2025-11-12T20:49:03.293Z",
      }),
    ).toEqual({ code: "UNAUTHORIZED", message: "Invalid client credentials", requestId: "dev-9" });
    expect(parseTurrisError({ errorMessage: "not a list" })).toEqual({});
    expect(parseTurrisError(null)).toEqual({});
  });
});

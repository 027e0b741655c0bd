import { expect } from "vitest";
import { describeProviderClient } from "../../../scripts/lib/emulator/client-suite.ts";
import { createTurrisClient, type TurrisClientOptions } from "./index.js";
import { createTurrisMock } from "./testing.js";

const credentials = { clientId: "m2m-client-abc123", clientSecret: "turris-super-secret-value" };

describeProviderClient({
  provider: "turris",
  credentials,
  createClient: (options) => createTurrisClient({ ...credentials, ...options }),
  createClientRaw: (options) => createTurrisClient(options as TurrisClientOptions),
  createMswMock: (options) => createTurrisMock(options),
  environmentVariables: { clientId: "TURRIS_CLIENT_ID", clientSecret: "TURRIS_CLIENT_SECRET" },
  expiresInUnitMs: 1000,
  expectTokenRequestBody: (body) => {
    expect(body).toEqual({ clientId: credentials.clientId, clientSecret: credentials.clientSecret });
  },
  callTokenOperation: (client) =>
    (client as ReturnType<typeof createTurrisClient>).POST("/v1/auth/jwt", { body: credentials }),
  documentedErrors: [
    {
      name: "401 ErrorResponseDto (code = errorType, requestId from the body)",
      status: 401,
      body: {
        statusCode: 401,
        requestId: "dev-2c5e7cf2-9acf-4c8c-ab2f-b81f39d775a8",
        errorType: "UNAUTHORIZED",
        errorMessage: ["Invalid client credentials", "Client is disabled"],
        timestamp: "2025-11-12T20:49:03.293Z",
      },
      expected: {
        code: "UNAUTHORIZED",
        requestId: "dev-2c5e7cf2-9acf-4c8c-ab2f-b81f39d775a8",
        messageIncludes: "Invalid client credentials; Client is disabled",
      },
    },
    {
      name: "429 ErrorResponseDto with X-RateLimit headers and no Retry-After",
      status: 429,
      body: {
        statusCode: 429,
        requestId: "dev-rate-limited-1",
        errorType: "RATE_LIMIT_EXCEEDED",
        errorMessage: ["Too many token requests"],
        timestamp: "2025-11-12T20:49:03.293Z",
      },
      headers: { "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0" },
      expected: { code: "RATE_LIMIT_EXCEEDED", requestId: "dev-rate-limited-1" },
    },
  ],
  extraBadOptions: [
    {
      name: "restrictedAccessToken together with client credentials",
      options: { ...credentials, restrictedAccessToken: "rat-1" },
      mentions: "restrictedAccessToken",
    },
    {
      name: "an empty restrictedAccessToken",
      options: { restrictedAccessToken: "" },
      mentions: "restrictedAccessToken",
    },
  ],
});

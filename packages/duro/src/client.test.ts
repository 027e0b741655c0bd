import { expect } from "vitest";
import { describeProviderClient } from "../../../scripts/lib/emulator/client-suite.ts";
import { createDuroClient, type DuroClientOptions } from "./index.js";
import { createDuroMock } from "./testing.js";

const credentials = { clientId: "cid_test_4f2a", clientSecret: "duro-super-secret-value" };

describeProviderClient({
  provider: "duro",
  credentials,
  createClient: (options) => createDuroClient({ ...credentials, ...options }),
  createClientRaw: (options) => createDuroClient(options as DuroClientOptions),
  createMswMock: (options) => createDuroMock(options),
  environmentVariables: {
    clientId: "DURO_CLIENT_ID",
    clientSecret: "DURO_CLIENT_SECRET",
    alternative: { name: "DURO_API_KEY", value: "sk_test_from_the_environment" },
  },
  expiresInUnitMs: 1000,
  expectTokenRequestBody: (body) => {
    expect(body).toEqual({
      grant_type: "client_credentials",
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
  },
  callTokenOperation: (client) =>
    (client as ReturnType<typeof createDuroClient>).POST("/v1/oauth/token", {
      body: {
        grant_type: "client_credentials",
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      },
    }),
  documentedErrors: [
    {
      name: "401 invalid_client",
      status: 401,
      body: { error: { code: "invalid_client", message: "Client authentication failed" } },
      headers: { "x-request-id": "duro-req-401" },
      expected: { code: "invalid_client", requestId: "duro-req-401", messageIncludes: "Client authentication failed" },
    },
    {
      name: "429 rate_limited without rate-limit headers",
      status: 429,
      body: { error: { code: "rate_limited", message: "Too many requests" } },
      headers: { "x-request-id": "duro-req-429" },
      expected: { code: "rate_limited", requestId: "duro-req-429" },
    },
    {
      name: "400 with details",
      status: 400,
      body: { error: { code: "invalid_request", message: "grant_type is required", details: { field: "grant_type" } } },
      headers: { "x-request-id": "duro-req-400" },
      expected: { code: "invalid_request", requestId: "duro-req-400", messageIncludes: "grant_type is required" },
    },
  ],
  extraBadOptions: [
    { name: "an apiKey with another prefix", options: { apiKey: "pk_test_123" }, mentions: "apiKey" },
    { name: "an apiKey that is only a prefix", options: { apiKey: "sk_live_" }, mentions: "apiKey" },
    {
      name: "an sk_test_ key with environment production",
      options: { apiKey: "sk_test_123", environment: "production" },
      mentions: "environment",
    },
    {
      name: "an sk_live_ key with environment sandbox",
      options: { apiKey: "sk_live_123", environment: "sandbox" },
      mentions: "environment",
    },
    {
      name: "an apiKey together with client credentials",
      options: { ...credentials, apiKey: "sk_test_123" },
      mentions: "apiKey",
    },
  ],
});

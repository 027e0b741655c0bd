import { expect } from "vitest";
import { describeProviderClient } from "../../../scripts/lib/emulator/client-suite.ts";
import { createDollrClient, type DollrClientOptions } from "./index.js";
import { createDollrMock } from "./testing.js";

const credentials = { clientId: "dollr-client-id", clientSecret: "dollr-super-secret-value" };

describeProviderClient({
  provider: "dollr",
  credentials,
  createClient: (options) => createDollrClient({ ...credentials, ...options }),
  createClientRaw: (options) => createDollrClient(options as DollrClientOptions),
  createMswMock: (options) => createDollrMock(options),
  environmentVariables: { clientId: "DOLLR_CLIENT_ID", clientSecret: "DOLLR_CLIENT_SECRET" },
  expiresInUnitMs: 60_000,
  expectTokenRequestBody: (body) => {
    expect(body).toEqual({ client_id: credentials.clientId, client_secret: credentials.clientSecret });
  },
  callTokenOperation: (client) =>
    (client as ReturnType<typeof createDollrClient>).POST("/{version}/jwt/client/obtain/token", {
      params: { path: { version: "v1" } },
      body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
    }),
  documentedErrors: [
    {
      name: "422 with a detail list (code = the first item's type)",
      status: 422,
      body: { detail: [{ loc: ["body", "client_secret"], msg: "Field required", type: "missing" }] },
      headers: { "x-request-id": "dollr-req-422" },
      expected: { code: "missing", requestId: "dollr-req-422", messageIncludes: "body.client_secret: Field required" },
    },
    {
      name: "401 with a detail string",
      status: 401,
      body: { detail: "Invalid client credentials" },
      headers: { "x-request-id": "dollr-req-401" },
      expected: { requestId: "dollr-req-401", messageIncludes: "Invalid client credentials" },
    },
  ],
  extraBadOptions: [
    {
      name: "the sandbox environment (Dollr has none)",
      options: { ...credentials, environment: "sandbox" },
      mentions: "environment",
    },
  ],
});

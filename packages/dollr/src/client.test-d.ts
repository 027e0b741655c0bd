import type { SchemaConformsToSpec } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { type components, createDollrClient, type DollrClientOptions, type paths } from "./index.js";
import type { DollrTokenResponse, DollrTokenSchemaMatchesSpec } from "./token-dialect.js";

type SpecToken = components["schemas"]["ObtainTokenResponse"];
const client = createDollrClient({ clientId: "id", clientSecret: "secret" });

describe("createDollrClient types", () => {
  it("returns an openapi-fetch Client<paths>", () => {
    expectTypeOf(createDollrClient).returns.toEqualTypeOf<Client<paths>>();
    expectTypeOf(createDollrClient).parameter(0).toEqualTypeOf<DollrClientOptions | undefined>();
  });

  it("requires both credentials and knows only the production environment", () => {
    // @ts-expect-error clientSecret is required
    createDollrClient({ clientId: "id" });
    // @ts-expect-error Dollr has no sandbox
    createDollrClient({ clientId: "id", clientSecret: "s", environment: "sandbox" });
    createDollrClient({ clientId: "id", clientSecret: "s", environment: "production", token: { maxRetries: 1 } });
  });

  it("names the token request's knobs as the API calls' (token.* and resilience.*), and nothing at the top level", () => {
    const knobs = { maxRetries: 1, timeoutMs: 5_000, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 30_000 };
    createDollrClient({ clientId: "id", clientSecret: "s", token: knobs, resilience: knobs });
    createDollrClient({
      clientId: "id",
      clientSecret: "s",
      token: { refreshWindow: { fraction: 0.2 }, negativeCacheMs: 500, lockLeaseMs: 5_000 },
      resilience: { retryStatuses: [503], deadlineMs: 30_000, retryBudget: false },
    });
    // @ts-expect-error Stainless' top-level maxRetries is resilience.maxRetries (API) or token.maxRetries here
    createDollrClient({ clientId: "id", clientSecret: "s", maxRetries: 3 });
    // @ts-expect-error the token request's timeout is token.timeoutMs
    createDollrClient({ clientId: "id", clientSecret: "s", timeoutMs: 5_000 });
    // @ts-expect-error retry.maxAttempts became token.maxRetries (one less)
    createDollrClient({ clientId: "id", clientSecret: "s", retry: { maxAttempts: 2 } });
    // @ts-expect-error the cache's timing lives under token
    createDollrClient({ clientId: "id", clientSecret: "s", refreshWindow: { fraction: 0.2 } });
    // @ts-expect-error maxAttempts is not a knob anywhere: maxRetries counts retries after the first attempt
    createDollrClient({ clientId: "id", clientSecret: "s", token: { maxAttempts: 2 } });
    // @ts-expect-error retry statuses and deadlines are the API calls' (resilience), not the token request's
    createDollrClient({ clientId: "id", clientSecret: "s", token: { retryStatuses: [503] } });
  });

  it("types the token operation: version is the const v1, the body is snake_case, expires_in a number", async () => {
    const ok = await client.POST("/{version}/jwt/client/obtain/token", {
      params: { path: { version: "v1" } },
      body: { client_id: "id", client_secret: "secret" },
    });
    expectTypeOf(ok.data).toEqualTypeOf<SpecToken | undefined>();
    expectTypeOf<NonNullable<typeof ok.data>["expires_in"]>().toEqualTypeOf<number>();
    await client.POST("/{version}/jwt/client/obtain/token", {
      // @ts-expect-error only v1 exists
      params: { path: { version: "v2" } },
      body: { client_id: "id", client_secret: "secret" },
    });
    await client.POST("/{version}/jwt/client/obtain/token", {
      params: { path: { version: "v1" } },
      // @ts-expect-error camelCase is Turris' body, not Dollr's
      body: { clientId: "id", clientSecret: "secret" },
    });
  });

  it("proves at compile time that the token schema matches the generated response", () => {
    expectTypeOf<DollrTokenSchemaMatchesSpec>().toEqualTypeOf<true>();
    expectTypeOf<DollrTokenResponse>().toEqualTypeOf<{ access_token: string; expires_in: number }>();
    expectTypeOf<SchemaConformsToSpec<{ access_token: string; expiresIn: number }, SpecToken>>().toEqualTypeOf<false>();
    expectTypeOf<
      SchemaConformsToSpec<{ access_token: string; expires_in: string }, SpecToken>
    >().toEqualTypeOf<false>();
  });
});

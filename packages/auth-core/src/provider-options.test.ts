import { describe, expect, it } from "vitest";
import { ClientOptionsError } from "./option-schemas.js";
import { clientOptionsResolver } from "./provider-options.js";
import * as s from "./schema.js";

const environments = { production: "https://api.example.test", sandbox: "https://sandbox.example.test/" };
const credentials = { clientId: "id", clientSecret: "very-secret" };

function thrown(run: () => unknown): ClientOptionsError {
  try {
    run();
  } catch (error) {
    if (error instanceof ClientOptionsError) return error;
    throw error;
  }
  throw new Error("did not throw");
}

describe("clientOptionsResolver with client credentials only", () => {
  const resolve = clientOptionsResolver({ factory: "createAcmeClient", environments });

  it("resolves the production base URL by default, an environment's on request, and keeps the credentials", () => {
    expect(resolve(credentials)).toMatchObject({
      ...credentials,
      mode: "client_credentials",
      baseUrl: environments.production,
    });
    expect(resolve({ ...credentials, environment: "sandbox" }).baseUrl).toBe("https://sandbox.example.test");
    expect(resolve({ ...credentials, baseUrl: "http://127.0.0.1:8080/x/" }).baseUrl).toBe("http://127.0.0.1:8080/x");
  });

  it("rejects an unknown option and a missing secret by name, never echoing the secret", () => {
    const unknown = thrown(() => resolve({ ...credentials, clientSecert: "very-secret" }));
    expect(unknown.message).toBe('createAcmeClient: unknown option "clientSecert"');
    expect(unknown.option).toBe("clientSecert");
    const missing = thrown(() => resolve({ clientId: "id" }));
    expect(missing.option).toBe("clientSecret");
    expect(thrown(() => resolve({ ...credentials, environment: "staging" })).message).not.toContain("very-secret");
  });

  it("takes resilience.retryBudget as sizes or false, and names a bad size", () => {
    const budget = { capacity: 100, retryCost: 2, timeoutRetryCost: 4 };
    expect(resolve({ ...credentials, resilience: { retryBudget: budget } }).tuning.resilience).toEqual({
      retryBudget: budget,
    });
    expect(resolve({ ...credentials, resilience: { retryBudget: false } }).tuning.resilience).toEqual({
      retryBudget: false,
    });
    const bad = thrown(() => resolve({ ...credentials, resilience: { retryBudget: { capacity: -1 } } }));
    expect(bad.option).toBe("resilience.retryBudget.capacity");
    const unknown = thrown(() => resolve({ ...credentials, resilience: { retryBudget: { size: 9 } } }));
    expect(unknown.option).toBe("resilience.retryBudget.size");
  });
});

describe("clientOptionsResolver with an alternative credential and provider options", () => {
  const resolve = clientOptionsResolver({
    factory: "createAcmeClient",
    environments,
    shape: { region: s.optional(s.picklist(["eu", "us"])) },
    alternative: {
      option: "apiKey",
      environmentOf: (key, requested) => {
        if (requested === "production" && key.startsWith("test_")) {
          throw new ClientOptionsError("createAcmeClient: a test key in production", "environment");
        }
        return key.startsWith("test_") ? "sandbox" : requested;
      },
    },
  });

  it("takes the alternative instead of client credentials, in the environment it implies", () => {
    expect(resolve({ apiKey: "test_123" })).toMatchObject({
      mode: "alternative",
      value: "test_123",
      baseUrl: "https://sandbox.example.test",
    });
    expect(() => resolve({ apiKey: "test_123", environment: "production" })).toThrow(/a test key in production/);
  });

  it("refuses both kinds of credentials at once, and names the alternative when credentials are missing", () => {
    const both = thrown(() => resolve({ ...credentials, apiKey: "live_1" }));
    expect(both.message).toBe(
      'createAcmeClient: option "apiKey" replaces clientId/clientSecret; pass one or the other',
    );
    const none = thrown(() => resolve({ clientId: "id" }));
    expect(none.message).toBe(
      'createAcmeClient: option "clientSecret" is required (or pass apiKey instead of client credentials)',
    );
  });

  it("validates and returns the provider's own options", () => {
    expect(resolve({ ...credentials, region: "eu" }).options.region).toBe("eu");
    expect(thrown(() => resolve({ ...credentials, region: "mars" })).option).toBe("region");
  });
});

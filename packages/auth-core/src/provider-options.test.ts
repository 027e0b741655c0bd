import { afterEach, describe, expect, it, vi } from "vitest";
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
    expect(unknown.message).toBe('createAcmeClient: unknown option "clientSecert"; did you mean "clientSecret"?');
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
      'createAcmeClient: option "clientSecret" is required: pass it (or pass apiKey instead of client credentials)',
    );
  });

  it("validates and returns the provider's own options", () => {
    expect(resolve({ ...credentials, region: "eu" }).options.region).toBe("eu");
    expect(thrown(() => resolve({ ...credentials, region: "mars" })).option).toBe("region");
  });
});

describe("clientOptionsResolver with credential environment variables", () => {
  const resolve = clientOptionsResolver({
    factory: "createAcmeClient",
    environments,
    variables: { clientId: "ACME_CLIENT_ID", clientSecret: "ACME_CLIENT_SECRET", alternative: "ACME_API_KEY" },
    alternative: { option: "apiKey" },
  });
  afterEach(() => vi.unstubAllEnvs());
  const stubAll = (id: string, secret: string, key: string) => {
    vi.stubEnv("ACME_CLIENT_ID", id);
    vi.stubEnv("ACME_CLIENT_SECRET", secret);
    vi.stubEnv("ACME_API_KEY", key);
  };

  it("fills each omitted credential from its variable; explicit options win", () => {
    stubAll("env-id", "env-secret", "");
    expect(resolve()).toMatchObject({ mode: "client_credentials", clientId: "env-id", clientSecret: "env-secret" });
    expect(resolve({ clientId: "id" })).toMatchObject({ clientId: "id", clientSecret: "env-secret" });
    expect(resolve(credentials)).toMatchObject(credentials);
    expect(resolve({ apiKey: "k" })).toMatchObject({ mode: "alternative", value: "k" });
  });

  it("reads the alternative's variable only without client credentials, and names every variable when all are missing", () => {
    stubAll("", "", "env-key");
    expect(resolve()).toMatchObject({ mode: "alternative", value: "env-key" });
    stubAll("env-id", "env-secret", "env-key");
    expect(resolve()).toMatchObject({ mode: "client_credentials", clientId: "env-id" });
    stubAll("", "", "");
    expect(thrown(() => resolve()).message).toBe(
      'createAcmeClient: option "clientId" is required: pass it or set ACME_CLIENT_ID ' +
        "(or pass apiKey or set ACME_API_KEY instead of client credentials)",
    );
  });

  it("refuses a cleartext base URL, from the options or an environment, unless opted in", () => {
    const error = thrown(() => resolve({ ...credentials, baseUrl: "http://api.acme.example" }));
    expect(error.option).toBe("baseUrl");
    const cleartext = clientOptionsResolver({
      factory: "createAcmeClient",
      environments: { production: "http://api.acme.example" },
    });
    expect(thrown(() => cleartext(credentials)).message).toMatch(/cleartext http:\/\/ to api\.acme\.example/);
    expect(cleartext({ ...credentials, dangerouslyAllowInsecureHttp: true }).baseUrl).toBe("http://api.acme.example");
  });
});

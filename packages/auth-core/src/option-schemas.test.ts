import { describe, expect, it } from "vitest";
import { ClientOptionsError, connectionShape, optionsError, resolveConnection } from "./option-schemas.js";
import * as s from "./schema.js";

const ENVIRONMENTS = { production: "https://api.example.test/v1/", sandbox: "https://sandbox.example.test" } as const;
const schema = s.strictObject({ ...connectionShape(["production", "sandbox"]) });

function errorFor(input: unknown): ClientOptionsError {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error("expected the options to be rejected");
  return optionsError("createExampleClient", parsed.error.issues, input);
}

describe("connectionShape + optionsError", () => {
  it("names an unknown environment option without echoing its value", () => {
    const error = errorFor({ environment: "staging-secret-value" });
    expect(error).toBeInstanceOf(ClientOptionsError);
    expect(error.option).toBe("environment");
    expect(error.message).toContain("must be one of: production, sandbox");
    expect(error.message).not.toContain("staging-secret-value");
  });

  it("rejects a base URL with a query string", () => {
    expect(errorFor({ baseUrl: "https://api.example.test/?token=abc" }).option).toBe("baseUrl");
  });

  it("names a nested tuning option and an unknown key", () => {
    expect(errorFor({ token: { maxRetries: -1 } }).option).toBe("token.maxRetries");
    const unknown = errorFor({ token: { attempts: 3 } });
    expect(unknown.option).toBe("token.attempts");
    expect(unknown.message).toContain('unknown option "token.attempts"');
  });

  it("reports a non-object input as such", () => {
    expect(errorFor("nope").message).toBe("createExampleClient: options must be an object");
  });
});

describe("resolveConnection", () => {
  it("uses the fallback environment's URL without trailing slashes when neither baseUrl nor environment is given", () => {
    expect(resolveConnection(ENVIRONMENTS, "production", {}).baseUrl).toBe("https://api.example.test/v1");
  });

  it("prefers baseUrl over the environment", () => {
    const resolved = resolveConnection(ENVIRONMENTS, "production", {
      baseUrl: "http://127.0.0.1:8080//",
      environment: "sandbox",
    });
    expect(resolved.baseUrl).toBe("http://127.0.0.1:8080");
  });

  it("passes the given fetch and only the defined tuning knobs through", () => {
    const fetch = async (): Promise<Response> => new Response(null);
    const resolved = resolveConnection(ENVIRONMENTS, "production", {
      environment: "sandbox",
      fetch,
      token: { timeoutMs: 5000 },
      resilience: undefined,
    });
    expect(resolved).toEqual({
      baseUrl: "https://sandbox.example.test",
      fetch,
      tuning: { token: { timeoutMs: 5000 } },
    });
  });
});

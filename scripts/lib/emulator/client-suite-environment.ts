/**
 * The provider suite's cases for credentials from environment variables and for the refusal of
 * cleartext URLs: each variable is read when the options omit its credential, a missing one is named
 * in the error, explicit options win, and an `http://` base URL to a remote host needs the opt-in.
 */
import { resetSharedTokenCaches } from "@scope/auth-core";
import type { HttpHandler } from "msw";
import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { MockStats } from "../../../packages/auth-core/src/testing/mock-authority.ts";

/** A provider's credential environment variables, and a valid value of its alternative one (Duro's API key). */
export interface SuiteEnvironmentVariables {
  clientId: string;
  clientSecret: string;
  alternative?: { name: string; value: string };
  /** Options every environment case passes besides `baseUrl` (e.g. a token auth method that puts the credentials in the body). */
  options?: Record<string, unknown>;
}

/** What these cases need from the provider's suite config. */
export interface EnvironmentSuiteConfig {
  provider: string;
  credentials: { clientId: string; clientSecret: string };
  variables: SuiteEnvironmentVariables;
  createClient(options: { baseUrl: string }): unknown;
  createClientRaw(options: unknown): unknown;
  createMswMock(options: { baseUrl: string; echoApi: true }): {
    readonly handlers: HttpHandler[];
    readonly stats: Readonly<MockStats>;
    readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
    reset(): void;
  };
  expectTokenRequestBody(body: unknown): void;
}

interface EchoPaths {
  "/v1/echo": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": unknown } } };
    };
  };
}

/** The error a construction throws, or a failure when it does not throw. */
function constructionError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected the factory to throw");
}

/** Registers the environment-variable and cleartext-URL cases for one provider. */
export function describeProviderEnvironment(config: EnvironmentSuiteConfig): void {
  const { variables, credentials } = config;
  describe(`${config.provider} credentials from environment variables`, () => {
    const baseUrl = `https://${config.provider}.env.test`;
    const connection = { ...variables.options, baseUrl };
    const mock = config.createMswMock({ baseUrl, echoApi: true });
    const server = setupServer(...mock.handlers);
    beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
    afterAll(() => server.close());
    beforeEach(async () => {
      await resetSharedTokenCaches();
      mock.reset();
      for (const name of [variables.clientId, variables.clientSecret, variables.alternative?.name]) {
        if (name) vi.stubEnv(name, "");
      }
    });
    afterEach(() => vi.unstubAllEnvs());

    const names = { clientId: variables.clientId, clientSecret: variables.clientSecret } as const;
    for (const option of ["clientId", "clientSecret"] as const) {
      it(`reads ${option} from ${names[option]}; without it the error names ${names[option]}`, async () => {
        vi.stubEnv(variables.clientId, credentials.clientId);
        vi.stubEnv(variables.clientSecret, credentials.clientSecret);
        const client = config.createClientRaw(connection) as Client<EchoPaths>;
        expect((await client.GET("/v1/echo")).response.status).toBe(200);
        config.expectTokenRequestBody(mock.lastTokenRequest?.body);
        vi.stubEnv(names[option], "");
        const error = constructionError(() => config.createClientRaw(connection));
        expect(error.name).toBe("ClientOptionsError");
        expect(error.message).toContain(`option "${option}" is required`);
        expect(error.message).toContain(names[option]);
        expect(error.message).not.toContain(credentials.clientSecret);
      });
    }

    it("lets explicit credentials win over the environment's", async () => {
      vi.stubEnv(variables.clientId, "env-client-id");
      vi.stubEnv(variables.clientSecret, "env-client-secret");
      const client = config.createClient(connection) as Client<EchoPaths>;
      expect((await client.GET("/v1/echo")).response.status).toBe(200);
      config.expectTokenRequestBody(mock.lastTokenRequest?.body);
    });

    const alternative = variables.alternative;
    if (alternative) {
      it(`reads ${alternative.name} when neither the options nor the environment hold client credentials`, async () => {
        vi.stubEnv(alternative.name, alternative.value);
        const client = config.createClientRaw(connection) as Client<EchoPaths>;
        expect((await client.GET("/v1/echo")).response.status).toBe(200);
        expect(mock.stats.tokenRequests).toBe(0); // the key is the credential: no token request
        vi.stubEnv(variables.clientId, credentials.clientId);
        vi.stubEnv(variables.clientSecret, credentials.clientSecret);
        const withCredentials = config.createClientRaw(connection) as Client<EchoPaths>;
        expect((await withCredentials.GET("/v1/echo")).response.status).toBe(200);
        expect(mock.stats.tokenRequests).toBe(1); // client credentials from the environment come first
        vi.stubEnv(variables.clientId, "");
        vi.stubEnv(variables.clientSecret, "");
        vi.stubEnv(alternative.name, "");
        expect(constructionError(() => config.createClientRaw(connection)).message).toContain(alternative.name);
      });
    }
  });

  describe(`${config.provider} refusal of cleartext URLs`, () => {
    it("refuses an http:// baseUrl to a remote host, naming baseUrl and the opt-in", () => {
      const error = constructionError(() =>
        config.createClientRaw({ ...credentials, baseUrl: "http://api.example.com" }),
      );
      expect(error.name).toBe("ClientOptionsError");
      expect((error as Error & { option?: string }).option).toBe("baseUrl");
      expect(error.message).toContain("dangerouslyAllowInsecureHttp");
      expect(error.message).not.toContain(credentials.clientSecret);
    });

    it("accepts http:// to loopback hosts (local mocks) and to any host with dangerouslyAllowInsecureHttp", () => {
      for (const host of ["127.0.0.1:8080", "127.45.6.7", "[::1]:3000", "localhost:4010", "api.localhost"]) {
        expect(() => config.createClientRaw({ ...credentials, baseUrl: `http://${host}/v1` })).not.toThrow();
      }
      const opted = { ...credentials, baseUrl: "http://api.example.com", dangerouslyAllowInsecureHttp: true };
      expect(() => config.createClientRaw(opted)).not.toThrow();
      const notBoolean = { ...credentials, baseUrl: "https://api.example.com", dangerouslyAllowInsecureHttp: "yes" };
      expect(constructionError(() => config.createClientRaw(notBoolean)).message).toContain(
        'option "dangerouslyAllowInsecureHttp": must be a boolean',
      );
    });
  });
}

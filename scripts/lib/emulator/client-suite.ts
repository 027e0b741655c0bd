/**
 * The behavioural suite every provider package runs against its public factory, twice: once on
 * msw handlers (the package's own `testing` export) and once on the loopback emulator over real
 * HTTP. Provider packages call `describeProviderClient(config)` from their tests; the provider
 * specific cases (body format, documented error bodies, option quirks) come in through `config`.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";
import { resetSharedTokenCaches } from "@scope/auth-core";
import fc from "fast-check";
import { type HttpHandler, HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import type { Client } from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import type { MockFailure, MockStats } from "../../../packages/auth-core/src/testing/mock-authority.ts";
import { generateProvider, writeGeneratedFiles } from "../generate-provider.ts";
import { packageDir, readRegistry, specPath } from "../registry.ts";
import { describeProviderEnvironment, type SuiteEnvironmentVariables } from "./client-suite-environment.ts";
import { type EmulatedProvider, type Emulator, startEmulator } from "./server.ts";

/** Options the suite passes to the factory under test (credentials are the provider test's). */
export interface SuiteClientOptions {
  baseUrl: string;
  clock?: { now(): number };
  token?: { maxRetries?: number; baseDelayMs?: number; maxDelayMs?: number };
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** What the suite needs from a package's msw mock (`create<Provider>Mock`). */
export interface SuiteMock {
  readonly handlers: HttpHandler[];
  readonly stats: Readonly<MockStats>;
  readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
  revokeTokens(): void;
  failNextTokenRequests(count: number, failure: MockFailure<never>): void;
  configure(options: { expiresIn?: number }): void;
  reset(): void;
}

/** A documented error body and what the TokenRequestError must carry for it. */
export interface DocumentedError {
  name: string;
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  expected: { code?: string; requestId?: string; messageIncludes?: string };
}

/** A bad option and the option name the error must mention. */
export interface BadOption {
  name: string;
  options: unknown;
  mentions: string;
}

/** Everything provider-specific the suite needs. */
export interface ProviderSuiteConfig {
  provider: EmulatedProvider;
  /** Credentials the provider test uses; the secret must never appear in any error. */
  credentials: { clientId: string; clientSecret: string };
  /** The public factory with the credentials filled in. */
  createClient(options: SuiteClientOptions): unknown;
  /** The public factory, fed raw (possibly invalid) options. */
  createClientRaw(options: unknown): unknown;
  /** The package's msw mock with the echo API on. */
  createMswMock(options: { baseUrl: string; echoApi: true }): SuiteMock;
  /** Milliseconds per `expires_in` unit (Dollr: 60,000). */
  expiresInUnitMs: number;
  /** Asserts the token request body is exactly the provider's format. */
  expectTokenRequestBody(body: unknown): void;
  /** Calls the token operation through the factory's client (it must not get the bearer token). */
  callTokenOperation(client: unknown): Promise<unknown>;
  documentedErrors: readonly DocumentedError[];
  /** Bad options besides the common ones (provider-specific quirks). */
  extraBadOptions?: readonly BadOption[];
  /** The environment variables the factory reads credentials from. */
  environmentVariables: SuiteEnvironmentVariables;
}

interface EchoBody {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

type EchoOperation = {
  parameters: { query?: Record<string, string>; header?: never; path?: never; cookie?: never };
  requestBody?: { content: { "application/json": Record<string, unknown> } };
  responses: {
    200: { headers: Record<string, unknown>; content: { "application/json": EchoBody } };
    401: { headers: Record<string, unknown>; content: { "application/json": unknown } };
  };
};

/** The echo API every emulated provider answers, as openapi-fetch `paths`. */
interface EchoPaths {
  "/v1/echo": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: EchoOperation;
    post: EchoOperation;
  };
}

interface Transport {
  baseUrl: string;
  otherOrigin: string;
  otherOriginAuthorization: () => (string | null)[];
  stats(): MockStats;
  lastTokenRequest(): { headers: Record<string, string>; body: unknown } | undefined;
  revokeTokens(): void;
  failNext(count: number, failure: MockFailure): void;
  setLifetimeMinutes(minutes: number): void;
  reset(): void;
}

const MINUTE = 60_000;

/** Registers the shared behavioural tests for one provider, on msw and on the emulator. */
export function describeProviderClient(config: ProviderSuiteConfig): void {
  const transports: Record<"msw" | "emulator", { setup(): Promise<Transport>; teardown(): Promise<void> }> = {
    msw: mswTransport(config),
    emulator: emulatorTransport(config),
  };
  for (const [name, transport] of Object.entries(transports)) {
    describe(`${config.provider} client over ${name === "msw" ? "msw handlers" : "a real HTTP server (emulator)"}`, () => {
      let t: Transport;
      beforeAll(async () => {
        t = await transport.setup();
      });
      afterAll(async () => {
        await transport.teardown();
      });
      beforeEach(async () => {
        // Clients with the same credentials share one token per process: every test starts cold.
        await resetSharedTokenCaches();
        t.reset();
        t.setLifetimeMinutes(60);
      });
      const api = (options: Partial<SuiteClientOptions> = {}): Client<EchoPaths> =>
        config.createClient({ baseUrl: t.baseUrl, ...options }) as Client<EchoPaths>;

      it("asks for the token in the provider's body format, without an Authorization header", async () => {
        const { data, response } = await api().GET("/v1/echo");
        expect(response.status).toBe(200);
        expect(data?.path).toBe("/v1/echo");
        expect(t.stats().tokenRequests).toBe(1);
        const request = t.lastTokenRequest();
        config.expectTokenRequestBody(request?.body);
        expect(request?.headers.authorization).toBeUndefined();
        expect(request?.headers["content-type"]).toContain(
          registryEntry(config.provider).tokenOperation?.requestMediaType ?? "application/json",
        );
      });

      it("sends the bearer token on every API request but never on the token operation", async () => {
        const client = api();
        const get = await client.GET("/v1/echo", { params: { query: { page: "2" } } });
        const post = await client.POST("/v1/echo", { body: { amount: 100 } });
        expect([get.response.status, post.response.status]).toEqual([200, 200]);
        expect(t.stats().unauthorized).toBe(0);
        await config.callTokenOperation(client);
        expect(t.stats().tokenRequests).toBe(2);
        expect(t.lastTokenRequest()?.headers.authorization).toBeUndefined();
      });

      it("reuses a 60-minute token after 30 minutes and replaces it after 61", async () => {
        let now = Date.UTC(2026, 0, 1);
        const client = api({ clock: { now: () => now } });
        expect((await client.GET("/v1/echo")).response.status).toBe(200);
        now += 30 * MINUTE;
        expect((await client.GET("/v1/echo")).response.status).toBe(200);
        expect(t.stats().tokenRequests).toBe(1);
        now += 31 * MINUTE;
        expect((await client.GET("/v1/echo")).response.status).toBe(200);
        expect(t.stats().tokenRequests).toBe(2);
        expect(t.lastTokenRequest()?.headers.authorization).toBeUndefined();
      });

      it("in a Worker, refresh-ahead goes through the waitUntil option; without it the first call in the window refreshes", async () => {
        vi.stubGlobal("navigator", { userAgent: "Cloudflare-Workers" });
        try {
          let now = Date.UTC(2026, 0, 1);
          const kept: Promise<unknown>[] = [];
          const background = api({ clock: { now: () => now }, waitUntil: (promise) => kept.push(promise) });
          expect((await background.GET("/v1/echo")).response.status).toBe(200);
          now += 57 * MINUTE; // inside the 5-minute refresh window of a 60-minute token
          expect((await background.GET("/v1/echo")).response.status).toBe(200);
          expect(kept).toHaveLength(1); // the refresh was handed to waitUntil, the call did not wait for it
          await kept[0];
          expect(t.stats().tokenRequests).toBe(2);

          await resetSharedTokenCaches();
          t.reset();
          now = Date.UTC(2026, 0, 1);
          const foreground = api({ clock: { now: () => now } });
          expect((await foreground.GET("/v1/echo")).response.status).toBe(200);
          now += 57 * MINUTE;
          expect((await foreground.GET("/v1/echo")).response.status).toBe(200);
          expect(t.stats().tokenRequests).toBe(2); // refreshed in the foreground by that call
        } finally {
          vi.unstubAllGlobals();
        }
      });

      it("makes one token request for 500 concurrent cold calls", async () => {
        const client = api();
        const results = await Promise.all(Array.from({ length: 500 }, () => client.GET("/v1/echo")));
        expect(results.filter((r) => r.response.status === 200)).toHaveLength(500);
        expect(t.stats().tokenRequests).toBe(1);
        expect(t.stats().apiRequests).toBe(500);
      });

      it("replays a request that got a 401 once, with its body intact, after fetching a new token", async () => {
        const client = api();
        await client.GET("/v1/echo");
        t.revokeTokens();
        const body = { reference: "order-42", amount: 1250, lines: [{ sku: "a", qty: 2 }], note: "héllo ✓" };
        const { data, response } = await client.POST("/v1/echo", { body });
        expect(response.status).toBe(200);
        expect(data?.body).toEqual(body);
        expect(t.stats().unauthorized).toBe(1);
        expect(t.stats().tokenRequests).toBe(2);
      });

      it("shares one token and one in-flight request between clients with the same credentials (a client per request)", async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, () => api().GET("/v1/echo")), // 20 clients, built concurrently
        );
        expect(results.every((r) => r.response.status === 200)).toBe(true);
        expect(t.stats().tokenRequests).toBe(1);
        // A later client with the same credentials reuses the cached token.
        expect((await api().GET("/v1/echo")).response.status).toBe(200);
        expect(t.stats().tokenRequests).toBe(1);
        // Other credentials never share it.
        const other = config.createClientRaw({
          clientId: `${config.credentials.clientId}-other`,
          clientSecret: `${config.credentials.clientSecret}-other`,
          baseUrl: t.baseUrl,
        }) as Client<EchoPaths>;
        expect((await other.GET("/v1/echo")).response.status).toBe(200);
        expect(t.stats().tokenRequests).toBe(2);
        const sameIdOtherSecret = config.createClientRaw({
          clientId: config.credentials.clientId,
          clientSecret: `${config.credentials.clientSecret}-rotated`,
          baseUrl: t.baseUrl,
        }) as Client<EchoPaths>;
        expect((await sameIdOtherSecret.GET("/v1/echo")).response.status).toBe(200);
        expect(t.stats().tokenRequests).toBe(3);
        // tokenCacheScope "client": a cache of its own, even with the same credentials.
        const isolated = config.createClientRaw({
          ...config.credentials,
          baseUrl: t.baseUrl,
          tokenCacheScope: "client",
        }) as Client<EchoPaths>;
        expect((await isolated.GET("/v1/echo")).response.status).toBe(200);
        expect(t.stats().tokenRequests).toBe(4);
      });

      it("never shows the secret in any error or event, however the server echoes it in a documented error body (fast-check)", async () => {
        await fc.assert(
          fc.asyncProperty(
            // URL-, JSON- and Base64-significant characters included, so each echo form differs.
            fc.stringMatching(/^[A-Za-z0-9_~.+/="\\ -]{12,40}$/),
            fc.constantFrom(...config.documentedErrors),
            fc.constantFrom<EchoForm>("as-sent", "url-encoded", "json-escaped"),
            async (secret, documented, form) => {
              fc.pre(secret.trim().length >= 12);
              await resetSharedTokenCaches();
              t.reset(); // a fresh rate-limit window per run (Turris allows 10 token requests a minute)
              const echoed = echoForm(secret, form);
              t.failNext(1, {
                status: documented.status,
                body: echoing(documented.body, echoed),
                headers: { ...documented.headers, "x-request-id": echoed },
              });
              const events: unknown[] = [];
              const lines: string[] = [];
              const line = (message: string): void => {
                lines.push(message);
              };
              const client = config.createClientRaw({
                clientId: "echo-client",
                clientSecret: secret,
                baseUrl: t.baseUrl,
                token: { maxRetries: 0 },
                onEvent: (event: unknown) => events.push(event),
                logger: { debug: line, info: line, warn: line, error: line },
                logLevel: "debug",
              }) as Client<EchoPaths>;
              const error = await client.GET("/v1/echo").then(
                () => undefined,
                (reason: unknown) => reason,
              );
              expect(error).toBeInstanceOf(Error);
              const failure = error as Error;
              expect(failure.name).toBe("TokenRequestError");
              expect(events.length).toBeGreaterThan(0);
              expect(lines.length).toBeGreaterThan(0);
              // Nor the secret's hash (a guessed secret could be tested against it): events name the client id.
              const secretHash = createHash("sha256").update(secret).digest("hex");
              for (const shown of [failure, ...events, lines]) {
                for (const text of renderings(shown)) {
                  expect(text).not.toContain(secret);
                  expect(text).not.toContain(echoed);
                  expect(text).not.toContain(secretHash);
                }
              }
              // The server's words are kept, the secret replaced.
              if (documented.expected.messageIncludes || documented.expected.code)
                expect(failure.message).toContain("***");
            },
          ),
          { numRuns: 30 },
        );
      });

      it("never sends the token to another origin (per-request baseUrl override)", async () => {
        const client = api();
        const { response } = await client.GET("/v1/echo", { baseUrl: t.otherOrigin });
        expect(response.status).toBe(200);
        expect(t.otherOriginAuthorization()).toEqual([null]);
        expect(t.stats().tokenRequests).toBe(0);
      });

      it("retries a failing token request token.maxRetries times (0, 1, the default 3), as resilience.maxRetries counts API retries", async () => {
        const cases: [SuiteClientOptions["token"], number][] = [
          [{ maxRetries: 0, baseDelayMs: 1 }, 1],
          [{ maxRetries: 1, baseDelayMs: 1 }, 2],
          [{ baseDelayMs: 1 }, 4],
        ];
        const requests: number[] = [];
        for (const [token, _expected] of cases) {
          await resetSharedTokenCaches();
          t.reset();
          t.failNext(10, { status: 503 });
          const error = await api(token ? { token } : {})
            .GET("/v1/echo")
            .then(
              () => undefined,
              (reason: unknown) => reason,
            );
          expect((error as Error | undefined)?.name).toBe("TokenRequestError");
          requests.push(t.stats().tokenRequests);
        }
        expect(requests).toEqual(cases.map(([, expected]) => expected));
      });

      for (const documented of config.documentedErrors) {
        it(`turns a documented error body into a TokenRequestError: ${documented.name}`, async () => {
          t.failNext(1, {
            status: documented.status,
            body: documented.body,
            ...(documented.headers ? { headers: documented.headers } : {}),
          });
          const error = await api({ token: { maxRetries: 0 } })
            .GET("/v1/echo")
            .then(
              () => undefined,
              (reason: unknown) => reason,
            );
          expect(error).toBeInstanceOf(Error);
          const failure = error as Error & Record<string, unknown>;
          expect(failure.name).toBe("TokenRequestError");
          expect(failure.status).toBe(documented.status);
          expect(failure.provider).toBe(config.provider);
          if (documented.expected.code) expect(failure.code).toBe(documented.expected.code);
          if (documented.expected.requestId) expect(failure.requestId).toBe(documented.expected.requestId);
          if (documented.expected.messageIncludes)
            expect(failure.message).toContain(documented.expected.messageIncludes);
          expect(`${String(failure)} ${JSON.stringify(failure)}`).not.toContain(config.credentials.clientSecret);
          expect(t.stats().apiRequests).toBe(0);
        });
      }
    });
  }

  describeProviderEnvironment({ ...config, variables: config.environmentVariables });

  describe(`${config.provider} client construction`, () => {
    const secret = config.credentials.clientSecret;
    const valid = { ...config.credentials };
    const common: BadOption[] = [
      { name: "options that are not an object", options: "nope", mentions: "options" },
      { name: "a missing clientSecret", options: { clientId: valid.clientId }, mentions: "clientSecret" },
      { name: "a missing clientId", options: { clientSecret: secret }, mentions: "clientId" },
      { name: "an empty clientSecret", options: { ...valid, clientSecret: "" }, mentions: "clientSecret" },
      { name: "a non-string clientSecret", options: { ...valid, clientSecret: 42 }, mentions: "clientSecret" },
      { name: "a baseUrl that is not a URL", options: { ...valid, baseUrl: "api.example.com" }, mentions: "baseUrl" },
      { name: "a non-http baseUrl", options: { ...valid, baseUrl: "ftp://api.example.com" }, mentions: "baseUrl" },
      { name: "an unknown environment", options: { ...valid, environment: "staging" }, mentions: "environment" },
      { name: "a fetch that is not a function", options: { ...valid, fetch: "fetch" }, mentions: "fetch" },
      { name: "a tokenStore without methods", options: { ...valid, tokenStore: {} }, mentions: "tokenStore" },
      { name: "an onEvent that is not a function", options: { ...valid, onEvent: 1 }, mentions: "onEvent" },
      { name: "a clock without now()", options: { ...valid, clock: {} }, mentions: "clock" },
      {
        name: "a negative token.maxRetries",
        options: { ...valid, token: { maxRetries: -1 } },
        mentions: "token.maxRetries",
      },
      {
        name: "a token.refreshWindow fraction above 1",
        options: { ...valid, token: { refreshWindow: { fraction: 2 } } },
        mentions: "token.refreshWindow.fraction",
      },
      {
        name: "a negative token.timeoutMs",
        options: { ...valid, token: { timeoutMs: -1 } },
        mentions: "token.timeoutMs",
      },
      {
        name: "a negative token.negativeCacheMs",
        options: { ...valid, token: { negativeCacheMs: -5 } },
        mentions: "token.negativeCacheMs",
      },
      {
        name: "a zero token.lockLeaseMs",
        options: { ...valid, token: { lockLeaseMs: 0 } },
        mentions: "token.lockLeaseMs",
      },
      {
        name: "an API retry count above 10",
        options: { ...valid, resilience: { maxRetries: 11 } },
        mentions: "resilience.maxRetries",
      },
      {
        name: "a misspelt option",
        options: { ...valid, clientSecert: secret },
        mentions: 'did you mean "clientSecret"',
      },
      {
        name: "Stainless' top-level maxRetries",
        options: { ...valid, maxRetries: 3 },
        mentions:
          'unknown option "maxRetries"; did you mean "resilience.maxRetries" (API calls) or "token.maxRetries" (the token request)?',
      },
      { name: "baseURL", options: { ...valid, baseURL: "https://x.test" }, mentions: 'did you mean "baseUrl"?' },
      { name: "the 0.x retry option", options: { ...valid, retry: { maxAttempts: 2 } }, mentions: "token.maxRetries" },
    ];
    for (const bad of [...common, ...(config.extraBadOptions ?? [])]) {
      it(`rejects ${bad.name}, naming the option and never echoing the secret`, () => {
        let thrown: unknown;
        try {
          config.createClientRaw(bad.options);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(Error);
        const error = thrown as Error;
        expect(error.name).toBe("ClientOptionsError");
        expect(error.message).toContain(bad.mentions);
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      });
    }
  });

  describe(`${config.provider} package manifest`, () => {
    it("depends on auth-core and openapi-fetch only (no other provider, no zod), with msw and zod optional peers, and ships the mock server entry and command", () => {
      const entry = registryEntry(config.provider);
      const manifest = JSON.parse(readFileSync(join(packageDir(entry), "package.json"), "utf8")) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        peerDependenciesMeta?: Record<string, { optional?: boolean }>;
        exports?: Record<string, unknown>;
        bin?: Record<string, string>;
      };
      expect(Object.keys(manifest.dependencies ?? {}).sort()).toEqual(["@scope/auth-core", "openapi-fetch"]);
      // msw only for the /testing entry, zod only for the /validation entry.
      expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(["msw", "zod"]);
      expect(manifest.peerDependenciesMeta?.msw?.optional).toBe(true);
      expect(manifest.peerDependenciesMeta?.zod?.optional).toBe(true);
      expect(Object.keys(manifest.exports ?? {})).toEqual([
        ".",
        "./testing",
        "./testing/server",
        "./validation",
        "./package.json",
      ]);
      expect(manifest.bin).toEqual({ [`${config.provider}-mock`]: `./bin/${config.provider}-mock.js` });
    });
  });

  describe(`${config.provider} client and a larger, regenerated spec`, () => {
    let emulator: Emulator;
    let workDir: string;
    beforeAll(async () => {
      emulator = await startEmulator();
      workDir = mkdtempSync(join(tmpdir(), `${config.provider}-regen-`));
    });
    afterAll(async () => {
      await emulator.close();
      rmSync(workDir, { recursive: true, force: true });
    });

    it("authenticates an operation that only the regenerated spec has", async () => {
      const entry = registryEntry(config.provider);
      const document = parse(readFileSync(specPath(entry), "utf8")) as {
        paths: Record<string, Record<string, unknown>>;
        components?: { securitySchemes?: Record<string, unknown> };
      };
      // The vendored document may hold any number of operations; the regenerated one has one more.
      const vendoredOperations = countOperations(document.paths);
      document.components ??= {};
      document.components.securitySchemes = {
        ...document.components.securitySchemes,
        fixtureBearer: { type: "http", scheme: "bearer" },
      };
      document.paths["/v1/suite-widgets/{widgetId}"] = {
        get: {
          operationId: "suiteGetWidget",
          security: [{ fixtureBearer: [] }],
          parameters: [{ name: "widgetId", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "A widget" } },
        },
      };
      const specFile = join(workDir, entry.spec);
      writeFileSync(specFile, stringify(document));
      const packageFolder = join(workDir, "package");
      writeGeneratedFiles(packageFolder, await generateProvider(entry, { specFile }));

      const types = readFileSync(join(packageFolder, "src/generated/openapi.gen.ts"), "utf8");
      expect(types).toContain('"/v1/suite-widgets/{widgetId}"');
      const facts = (await import(pathToFileURL(join(packageFolder, "src/generated/spec.gen.ts")).href)) as {
        specInfo: { operationCount: number };
        publicOperations: readonly { path: string }[];
      };
      expect(facts.specInfo.operationCount).toBe(vendoredOperations + 1);
      expect(facts.publicOperations.map((op) => op.path)).not.toContain("/v1/suite-widgets/{widgetId}");

      type WidgetPaths = {
        "/v1/suite-widgets/{widgetId}": {
          parameters: { query?: never; header?: never; path?: never; cookie?: never };
          get: {
            parameters: { query?: never; header?: never; path: { widgetId: string }; cookie?: never };
            requestBody?: never;
            responses: { 200: { headers: Record<string, unknown>; content: { "application/json": EchoBody } } };
          };
        };
      };
      const client = config.createClient({ baseUrl: emulator.baseUrl(config.provider) }) as Client<WidgetPaths>;
      const { data, response } = await client.GET("/v1/suite-widgets/{widgetId}", {
        params: { path: { widgetId: "w-1" } },
      });
      expect(response.status).toBe(200);
      expect(data?.path).toBe("/v1/suite-widgets/w-1");
      const stats = emulator.statsOf(config.provider);
      expect(stats.tokenRequests).toBe(1);
      expect(stats.unauthorized).toBe(0);
    });
  });
}

/** The provider's registry entry (specs/registry.json). */
function registryEntry(provider: EmulatedProvider) {
  const entry = readRegistry().providers.find((candidate) => candidate.id === provider);
  if (!entry) throw new Error(`${provider} is not in specs/registry.json`);
  return entry;
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** Operations in an OpenAPI `paths` object (method keys of every path item). */
function countOperations(paths: Record<string, Record<string, unknown>>): number {
  let count = 0;
  for (const item of Object.values(paths))
    count += Object.keys(item ?? {}).filter((key) => HTTP_METHODS.has(key)).length;
  return count;
}

function mswTransport(config: ProviderSuiteConfig): { setup(): Promise<Transport>; teardown(): Promise<void> } {
  const baseUrl = `https://${config.provider}.api.test`;
  const otherOrigin = "https://elsewhere.test";
  const mock = config.createMswMock({ baseUrl, echoApi: true });
  const seen: (string | null)[] = [];
  const server = setupServer(
    ...mock.handlers,
    http.all(`${otherOrigin}/*`, ({ request }) => {
      seen.push(request.headers.get("authorization"));
      return HttpResponse.json({ method: request.method, path: new URL(request.url).pathname, query: {}, body: null });
    }),
  );
  return {
    async setup() {
      server.listen({ onUnhandledRequest: "error" });
      return {
        baseUrl,
        otherOrigin,
        otherOriginAuthorization: () => [...seen],
        stats: () => ({ ...mock.stats }),
        lastTokenRequest: () => mock.lastTokenRequest,
        revokeTokens: () => mock.revokeTokens(),
        failNext: (count, failure) => mock.failNextTokenRequests(count, failure as MockFailure<never>),
        setLifetimeMinutes: (minutes) =>
          mock.configure({ expiresIn: Math.round((minutes * MINUTE) / config.expiresInUnitMs) }),
        reset: () => {
          mock.reset();
          seen.length = 0;
        },
      };
    },
    async teardown() {
      server.close();
    },
  };
}

function emulatorTransport(config: ProviderSuiteConfig): { setup(): Promise<Transport>; teardown(): Promise<void> } {
  let emulator: Emulator | undefined;
  let other: Server | undefined;
  const seen: (string | null)[] = [];
  const provider = config.provider;
  return {
    async setup() {
      emulator = await startEmulator();
      const started = emulator;
      other = createServer((req, res) => {
        seen.push(req.headers.authorization ?? null);
        req.resume();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ method: req.method, path: req.url, query: {}, body: null }));
      });
      const otherServer = other;
      await new Promise<void>((resolve) => otherServer.listen(0, "127.0.0.1", resolve));
      const { port } = otherServer.address() as AddressInfo;
      return {
        baseUrl: started.baseUrl(provider),
        otherOrigin: `http://127.0.0.1:${port}`,
        otherOriginAuthorization: () => [...seen],
        stats: () => started.statsOf(provider),
        lastTokenRequest: () => started.lastTokenRequest(provider),
        revokeTokens: () => started.configure({ provider, revokeTokens: true }),
        failNext: (count, failure) => started.configure({ provider, failNextTokenRequests: { count, ...failure } }),
        setLifetimeMinutes: (minutes) => started.configure({ provider, tokenLifetimeSeconds: minutes * 60 }),
        reset: () => {
          started.reset(provider);
          seen.length = 0;
        },
      };
    },
    async teardown() {
      await emulator?.close();
      const otherServer = other;
      if (otherServer) {
        await new Promise<void>((resolve) => {
          otherServer.close(() => resolve());
          otherServer.closeAllConnections();
        });
      }
    },
  };
}

/** How a server may echo a secret it received. */
type EchoForm = "as-sent" | "url-encoded" | "json-escaped";

/** The secret as a server would echo it in the given form. */
function echoForm(secret: string, form: EchoForm): string {
  if (form === "url-encoded") return new URLSearchParams({ v: secret }).toString().slice(2);
  if (form === "json-escaped") return JSON.stringify(secret).slice(1, -1);
  return secret;
}

/** Every way an error or event can be shown: String(), util.inspect (hidden fields too), JSON, message, stack, cause. */
function renderings(value: unknown): string[] {
  const shown = [String(value), inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? ""];
  if (value instanceof Error) {
    shown.push(value.message, value.stack ?? "");
    if (value.cause !== undefined) shown.push(...renderings(value.cause));
  }
  for (const nested of typeof value === "object" && value !== null ? Object.values(value) : []) {
    if (nested instanceof Error) shown.push(...renderings(nested));
  }
  return shown;
}

/** The body with every string replaced by one that quotes the secret (a server that echoes what it got). */
function echoing(body: unknown, secret: string): unknown {
  if (typeof body === "string") return `${body} (client_secret=${secret})`;
  if (Array.isArray(body)) return body.map((item) => echoing(item, secret));
  if (typeof body === "object" && body !== null) {
    return Object.fromEntries(Object.entries(body).map(([name, value]) => [name, echoing(value, secret)]));
  }
  return body;
}

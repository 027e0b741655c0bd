import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { formatRegistry, readRegistry, repoRoot } from "../registry.ts";
import { EMULATED_PROVIDERS, type Emulator, startEmulator } from "./server.ts";

const TIMEOUT = 60_000;

describe("provider emulator", () => {
  let emulator: Emulator;
  let now = 1_700_000_000_000;
  beforeAll(async () => {
    emulator = await startEmulator({ clock: { now: () => now }, rateLimit: { turris: false } });
  }, TIMEOUT);
  afterAll(async () => {
    await emulator.close();
  }, TIMEOUT);
  beforeEach(() => {
    emulator.reset();
    emulator.configure({ tokenLifetimeSeconds: 3600 });
  });

  const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });

  it(
    "listens on 127.0.0.1 with one base URL per provider",
    () => {
      expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emulator.baseUrls).toEqual({
        dollr: `${emulator.url}/dollr`,
        turris: `${emulator.url}/turris`,
        duro: `${emulator.url}/duro`,
      });
    },
    TIMEOUT,
  );

  it(
    "issues tokens in each provider's dialect and unit, and counts them over GET /__emulator/stats",
    async () => {
      emulator.configure({ tokenLifetimeSeconds: 7200 });
      const dollr = await post(`${emulator.baseUrls.dollr}/v1/jwt/client/obtain/token`, {
        client_id: "a",
        client_secret: "b",
      });
      expect(dollr.status).toBe(200);
      expect(await dollr.json()).toMatchObject({ expires_in: 120 });
      const turris = await post(`${emulator.baseUrls.turris}/v1/auth/jwt`, { clientId: "a", clientSecret: "b" });
      expect(turris.status).toBe(201);
      expect(await turris.json()).toMatchObject({ data: { expiresIn: 7200, tokenType: "Bearer" }, statusCode: 201 });
      const duro = await post(`${emulator.baseUrls.duro}/v1/oauth/token`, {
        grant_type: "client_credentials",
        client_id: "a",
        client_secret: "b",
      });
      expect(await duro.json()).toMatchObject({ expires_in: 7200, token_type: "Bearer" });
      const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as Record<
        string,
        { tokenRequests: number }
      >;
      expect([stats.dollr?.tokenRequests, stats.turris?.tokenRequests, stats.duro?.tokenRequests]).toEqual([1, 1, 1]);
    },
    TIMEOUT,
  );

  it(
    "echoes authorized API calls and answers others 401 in the provider's error shape",
    async () => {
      const token = (
        (await (
          await post(`${emulator.baseUrls.duro}/v1/oauth/token`, {
            grant_type: "client_credentials",
            client_id: "a",
            client_secret: "b",
          })
        ).json()) as { access_token: string }
      ).access_token;
      const ok = await post(`${emulator.baseUrls.duro}/v1/things?x=1`, { a: 1 }, { authorization: `Bearer ${token}` });
      expect(await ok.json()).toEqual({ method: "POST", path: "/v1/things", query: { x: "1" }, body: { a: 1 } });
      const denied = await fetch(`${emulator.baseUrls.duro}/v1/things`);
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ error: { code: "unauthorized" } });
      now += 3601_000;
      const expired = await fetch(`${emulator.baseUrls.duro}/v1/things`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(expired.status).toBe(401);
      expect(emulator.statsOf("duro").unauthorized).toBe(2);
    },
    TIMEOUT,
  );

  it(
    "injects failures, revokes tokens and resets through the HTTP control endpoints",
    async () => {
      const config = await post(`${emulator.url}/__emulator/config`, {
        provider: "turris",
        failNextTokenRequests: { count: 1, status: 503 },
      });
      expect(config.status).toBe(200);
      const failed = await post(`${emulator.baseUrls.turris}/v1/auth/jwt`, { clientId: "a", clientSecret: "b" });
      expect(failed.status).toBe(503);
      expect(await failed.json()).toMatchObject({ statusCode: 503, errorType: "INJECTED_FAILURE" });
      const body = (await (
        await post(`${emulator.baseUrls.turris}/v1/auth/jwt`, { clientId: "a", clientSecret: "b" })
      ).json()) as {
        data: { accessToken: string };
      };
      await post(`${emulator.url}/__emulator/config`, { revokeTokens: true });
      const revoked = await fetch(`${emulator.baseUrls.turris}/v1/x`, {
        headers: { authorization: `Bearer ${body.data.accessToken}` },
      });
      expect(revoked.status).toBe(401);
      expect(emulator.statsOf("turris").injectedFailures).toBe(1);
      expect((await post(`${emulator.url}/__emulator/reset?provider=turris`, {})).status).toBe(200);
      expect(emulator.statsOf("turris").tokenRequests).toBe(0);
      const bad = await post(`${emulator.url}/__emulator/config`, { provider: "nope" });
      expect(bad.status).toBe(400);
      expect((await fetch(`${emulator.url}/elsewhere`)).status).toBe(404);
    },
    TIMEOUT,
  );

  it(
    "counts a token request on arrival (tokenRequestsReceived) before its delayed answer counts it as served",
    async () => {
      emulator.configure({ provider: "dollr", tokenLatencyMs: 1_000 });
      const answered = post(`${emulator.baseUrls.dollr}/v1/jwt/client/obtain/token`, {
        client_id: "a",
        client_secret: "b",
      });
      while (emulator.statsOf("dollr").tokenRequestsReceived === 0) await new Promise((r) => setTimeout(r, 5));
      expect(emulator.statsOf("dollr")).toMatchObject({ tokenRequestsReceived: 1, tokenRequests: 0 });
      expect((await answered).status).toBe(200);
      const stats = (await (await fetch(`${emulator.url}/__emulator/stats`)).json()) as Record<string, object>;
      expect(stats.dollr).toMatchObject({ tokenRequestsReceived: 1, tokenRequests: 1 });
      emulator.configure({ provider: "dollr", tokenLatencyMs: 0 });
      emulator.reset("dollr");
      expect(emulator.statsOf("dollr").tokenRequestsReceived).toBe(0);
    },
    TIMEOUT,
  );

  it(
    "applies a token rate limit when configured",
    async () => {
      emulator.configure({ provider: "dollr", rateLimit: { limit: 1, windowMs: 60_000 } });
      const body = { client_id: "a", client_secret: "b" };
      await post(`${emulator.baseUrls.dollr}/v1/jwt/client/obtain/token`, body);
      const limited = await post(`${emulator.baseUrls.dollr}/v1/jwt/client/obtain/token`, body);
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("60");
      emulator.configure({ provider: "dollr", rateLimit: false });
    },
    TIMEOUT,
  );
});

describe("provider emulator and the registry", () => {
  it("emulates exactly the providers specs/registry.json lists, in its order", () => {
    expect(EMULATED_PROVIDERS).toEqual(readRegistry().providers.map((entry) => entry.id));
  });

  it(
    "emulates a provider that only the registry and its package's testing entry name (no edit to the emulator)",
    async () => {
      const root = mkdtempSync(join(tmpdir(), "emulator-registry-"));
      const emulator = await (async () => {
        const entry = {
          ...readRegistry().providers[0]!,
          id: "zeta",
          packageName: "@scope/zeta",
          spec: "zeta.openapi.yaml",
        };
        mkdirSync(join(root, "specs"));
        writeFileSync(join(root, "specs/registry.json"), formatRegistry({ providers: [entry] }));
        mkdirSync(join(root, "packages/zeta/src"), { recursive: true });
        const core = join(repoRoot, "packages/auth-core/src/testing.ts");
        writeFileSync(
          join(root, "packages/zeta/src/testing.ts"),
          `import { createTokenMock, defineProviderMock, rfc6749MockDialect } from ${JSON.stringify(core)};
const dialect = () => rfc6749MockDialect({ provider: "zeta", tokenPath: "/oauth/token" });
export const mockDefinition = defineProviderMock({
  provider: "zeta",
  tokenPath: "/oauth/token",
  defaultBaseUrl: "https://zeta.test",
  apiFaults: {},
  createTokenMock: (options) => createTokenMock(dialect(), options),
});
`,
        );
        return startEmulator({ root });
      })().finally(() => undefined);
      try {
        expect(emulator.providers).toEqual(["zeta"]);
        const token = await fetch(`${emulator.baseUrl("zeta")}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${btoa("id:secret")}` },
          body: "grant_type=client_credentials",
        });
        expect(token.status).toBe(200);
        const { access_token } = (await token.json()) as { access_token: string };
        const echo = await fetch(`${emulator.baseUrl("zeta")}/v1/widgets`, {
          headers: { authorization: `Bearer ${access_token}` },
        });
        expect(await echo.json()).toMatchObject({ method: "GET", path: "/v1/widgets" });
        expect(emulator.statsOf("zeta")).toMatchObject({ tokenRequests: 1, tokensIssued: 1, apiRequests: 1 });
        expect(() => emulator.baseUrl("dollr")).toThrow(/serves no provider "dollr"/);
      } finally {
        await emulator.close();
        rmSync(root, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});

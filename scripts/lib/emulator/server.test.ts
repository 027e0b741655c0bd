import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "./server.ts";

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
      expect(emulator.stats().duro.unauthorized).toBe(2);
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
      expect(emulator.stats().turris.injectedFailures).toBe(1);
      expect((await post(`${emulator.url}/__emulator/reset?provider=turris`, {})).status).toBe(200);
      expect(emulator.stats().turris.tokenRequests).toBe(0);
      const bad = await post(`${emulator.url}/__emulator/config`, { provider: "nope" });
      expect(bad.status).toBe(400);
      expect((await fetch(`${emulator.url}/elsewhere`)).status).toBe(404);
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

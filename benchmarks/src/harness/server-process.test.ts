import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitedFetch, runBurst, runClosedLoop } from "./load.js";
import { type ServerProcess, startServerProcess } from "./server-process.js";

let server: ServerProcess;

beforeAll(async () => {
  server = await startServerProcess();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

async function token(path: string): Promise<string> {
  const response = await fetch(`${server.baseUrl}${path}`, { method: "POST", body: "{}" });
  const body = (await response.json()) as { access_token?: string; data?: { accessToken: string } };
  return body.access_token ?? body.data?.accessToken ?? "";
}

const items = (bearer: string) =>
  fetch(`${server.baseUrl}/v1/items`, { headers: { authorization: `Bearer ${bearer}` } });

describe("bench server process", () => {
  it("runs in another process on 127.0.0.1", () => {
    expect(server.pid).not.toBe(process.pid);
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("counts token requests in every dialect and accepts the issued tokens", async () => {
    await server.reset();
    const issued = [
      await token("/v1/oauth/token"),
      await token("/v1/auth/jwt"),
      await token("/v1/jwt/client/obtain/token"),
    ];
    for (const bearer of issued) expect((await items(bearer)).status).toBe(200);
    expect(await server.stats()).toEqual({ tokenRequests: 3, apiRequests: 3, unauthorized: 0 });
  });

  it("answers 401 for revoked and unknown tokens, 200 for static ones", async () => {
    await server.reset();
    const bearer = await token("/v1/oauth/token");
    await server.revoke();
    expect((await items(bearer)).status).toBe(401);
    expect((await items("nonsense")).status).toBe(401);
    expect((await items("static-token")).status).toBe(200);
    expect((await server.stats()).unauthorized).toBe(2);
  });

  it("expires tokens after the configured lifetime", async () => {
    await server.reset();
    await server.configure({ lifetimeSeconds: 0 });
    const bearer = await token("/v1/oauth/token");
    expect((await items(bearer)).status).toBe(401);
    await server.configure({ lifetimeSeconds: 3600 });
  });
});

describe("load helpers against the server", () => {
  it("a closed loop reports throughput, percentiles and CPU per request", async () => {
    const result = await runClosedLoop(async () => (await items("static-token")).ok, {
      concurrency: 4,
      durationMs: 200,
    });
    expect(result.requests).toBeGreaterThan(0);
    expect(result.failures).toBe(0);
    expect(result.p99Ms).toBeGreaterThanOrEqual(result.p50Ms);
    expect(result.cpuUsPerRequest).toBeGreaterThan(0);
  });

  it("a burst through a limited fetch completes every call with at most the limit in flight", async () => {
    let peak = 0;
    let active = 0;
    const counting: typeof fetch = async (input, init) => {
      active++;
      peak = Math.max(peak, active);
      try {
        const response = await fetch(input, init);
        await response.arrayBuffer();
        return response;
      } finally {
        active--;
      }
    };
    const limited = limitedFetch(8, counting);
    const burst = await runBurst(async () => {
      const response = await limited(`${server.baseUrl}/v1/items`, { headers: { authorization: "Bearer static-x" } });
      return response.ok;
    }, 50);
    expect(burst.latenciesMs).toHaveLength(50);
    expect(burst.failures).toBe(0);
    expect(peak).toBe(8);
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { createClientCredentialsClient, createStaticHeaderClient } from "./authenticated-client.js";
import { isBrowserEnvironment } from "./browser-guard.js";
import { ClientOptionsError, resolveConnection } from "./option-schemas.js";
import { formEndpoint } from "./testing/endpoint.js";
import type { AuthTuningOptions } from "./types.js";

const SECRET = "browser-guard-secret-value";

function stubBrowserGlobals(): void {
  vi.stubGlobal("window", {});
  vi.stubGlobal("document", {});
  vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0" });
}

/** Answers the token URL with a token and every other URL with the Authorization header it got. */
async function fakeFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
  const request = new Request(input, init);
  return request.url.endsWith("/token")
    ? Response.json({ access_token: "tok", expires_in: 3600 })
    : Response.json({ authorization: request.headers.get("authorization") });
}

function buildClient(tuning: AuthTuningOptions = {}) {
  vi.stubGlobal("fetch", fakeFetch);
  return createClientCredentialsClient<Record<string, never>, unknown>({
    baseUrl: "https://api.example.test",
    tokenUrl: "https://api.example.test/token",
    clientId: "client-1",
    clientSecret: SECRET,
    fetch: fakeFetch,
    tuning,
    endpoint: formEndpoint("https://api.example.test/token", { clientId: "client-1", clientSecret: SECRET }),
    publicOperations: [],
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("browser guard", () => {
  it("detects a browser only when window, document and navigator are all present", () => {
    expect(isBrowserEnvironment()).toBe(false);
    vi.stubGlobal("window", {});
    vi.stubGlobal("navigator", {});
    expect(isBrowserEnvironment()).toBe(false); // Deno 1 had `window` but no `document`
    vi.stubGlobal("document", {});
    expect(isBrowserEnvironment()).toBe(true);
  });

  it("refuses to build a client-credentials client in a browser with a typed error naming the opt-out", () => {
    stubBrowserGlobals();
    let thrown: unknown;
    try {
      buildClient();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ClientOptionsError);
    const error = thrown as ClientOptionsError;
    expect(error.option).toBe("dangerouslyAllowBrowser");
    expect(error.message).toMatch(/browser.*dangerouslyAllowBrowser: true/s);
    expect(error.message).not.toContain(SECRET);
  });

  it("refuses static API-key clients and resolveConnection (every provider factory) in a browser", () => {
    stubBrowserGlobals();
    const staticClient = () =>
      createStaticHeaderClient({ baseUrl: "https://api.example.test", fetch, header: "x-api-key", value: SECRET });
    expect(staticClient).toThrow(ClientOptionsError);
    expect(() => resolveConnection({ production: "https://api.example.test" }, "production", {})).toThrow(
      /dangerouslyAllowBrowser/,
    );
    expect(
      resolveConnection({ production: "https://api.example.test" }, "production", { dangerouslyAllowBrowser: true })
        .baseUrl,
    ).toBe("https://api.example.test");
  });

  it("builds a working client in a browser with dangerouslyAllowBrowser: true", async () => {
    stubBrowserGlobals();
    const client = buildClient({ dangerouslyAllowBrowser: true });
    const { data } = await client.GET("/whoami" as never);
    expect(data).toEqual({ authorization: "Bearer tok" });
  });
});

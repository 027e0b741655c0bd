import { afterEach, describe, expect, it, vi } from "vitest";
import { ClientOptionsError, createDuroClient } from "./index.js";

afterEach(() => {
  vi.unstubAllGlobals();
});

function browser(): void {
  vi.stubGlobal("window", {});
  vi.stubGlobal("document", {});
  vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0" });
}

function rejection(build: () => unknown): ClientOptionsError {
  try {
    build();
  } catch (error) {
    if (error instanceof ClientOptionsError) return error;
    throw error;
  }
  throw new Error("expected createDuroClient to throw");
}

describe("createDuroClient in a browser", () => {
  it("throws ClientOptionsError at construction, for client credentials and for a secret key", () => {
    browser();
    const credentials = rejection(() => createDuroClient({ clientId: "cid_test_1", clientSecret: "shh-secret" }));
    expect(credentials.option).toBe("dangerouslyAllowBrowser");
    expect(credentials.message).not.toContain("shh-secret");
    const apiKey = rejection(() => createDuroClient({ apiKey: "sk_test_browser_key" }));
    expect(apiKey.option).toBe("dangerouslyAllowBrowser");
    expect(apiKey.message).not.toContain("sk_test_browser_key");
  });

  it("builds both kinds of client with dangerouslyAllowBrowser: true", () => {
    browser();
    const opts = { dangerouslyAllowBrowser: true } as const;
    expect(typeof createDuroClient({ clientId: "cid_test_1", clientSecret: "s", ...opts }).GET).toBe("function");
    expect(typeof createDuroClient({ apiKey: "sk_test_browser_key", ...opts }).GET).toBe("function");
  });

  it("rejects a non-boolean dangerouslyAllowBrowser", () => {
    const input = { clientId: "cid_test_1", clientSecret: "s", dangerouslyAllowBrowser: "yes" };
    const error = rejection(() => createDuroClient(input as never));
    expect(error.option).toBe("dangerouslyAllowBrowser");
    expect(error.message).toContain("must be a boolean");
  });
});

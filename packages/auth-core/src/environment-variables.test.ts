import { afterEach, describe, expect, it, vi } from "vitest";
import { readEnvironmentVariable } from "./environment-variables.js";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe("readEnvironmentVariable", () => {
  it("returns a set variable and treats an empty one as unset", () => {
    vi.stubEnv("ACME_CLIENT_ID", "from-env");
    expect(readEnvironmentVariable("ACME_CLIENT_ID")).toBe("from-env");
    vi.stubEnv("ACME_CLIENT_ID", "");
    expect(readEnvironmentVariable("ACME_CLIENT_ID")).toBeUndefined();
  });

  it("reads nothing, without throwing, where there is no process (Workers, Edge) or env access throws (Deno without --allow-env)", () => {
    vi.stubGlobal("process", undefined);
    const withoutProcess = readEnvironmentVariable("ACME_CLIENT_ID");
    vi.stubGlobal("process", {
      get env(): never {
        throw new Error("Requires env access");
      },
    });
    const denied = readEnvironmentVariable("ACME_CLIENT_ID");
    vi.unstubAllGlobals();
    expect(withoutProcess).toBeUndefined();
    expect(denied).toBeUndefined();
  });
});

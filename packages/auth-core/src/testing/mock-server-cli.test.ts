import { describe, expect, it } from "vitest";
import { parseMockServerArgs } from "./mock-server-cli.js";

describe("parseMockServerArgs", () => {
  it("defaults to 127.0.0.1 on a free port and reads the credential, port and lifetime flags", () => {
    expect(parseMockServerArgs([])).toEqual({ host: "127.0.0.1", port: 0 });
    expect(
      parseMockServerArgs(["--port", "4010", "--client-id", "id", "--client-secret", "s", "--expires-in", "60"]),
    ).toEqual({ host: "127.0.0.1", port: 4010, clientId: "id", clientSecret: "s", expiresIn: 60 });
  });

  it("refuses half a credential pair, a bad number and an unknown flag", () => {
    expect(() => parseMockServerArgs(["--client-id", "id"])).toThrow("--client-id and --client-secret go together");
    expect(() => parseMockServerArgs(["--port", "1.5"])).toThrow("--port must be a non-negative integer");
    expect(() => parseMockServerArgs(["--expires-in", "soon"])).toThrow("--expires-in");
    expect(() => parseMockServerArgs(["--verbose"])).toThrow();
  });
});

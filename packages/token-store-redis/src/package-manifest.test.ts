import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  dependencies: Record<string, string>;
};

describe("@scope/token-store-redis manifest", () => {
  it("depends on the Redis client and auth-core only: stored values are checked with auth-core's validator, no zod", () => {
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["@redis/client", "@scope/auth-core"]);
  });
});

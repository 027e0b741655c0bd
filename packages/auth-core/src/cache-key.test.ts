import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { tokenCacheKey } from "./index.js";

const parts = { provider: "acme", tokenUrl: "https://auth.acme.test/token", clientId: "client-1" };

describe("tokenCacheKey", () => {
  it("is provider|tokenUrl|clientId|sha256:<hex of the secret>", () => {
    const hex = createHash("sha256").update("s3cret").digest("hex");
    expect(tokenCacheKey({ ...parts, clientSecret: "s3cret" })).toBe(
      `acme|https://auth.acme.test/token|client-1|sha256:${hex}`,
    );
  });

  it("contains the secret nowhere in the whole key, and separates different credential sets (fast-check)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8 }), fc.string({ minLength: 8 }), (a, b) => {
        const keyA = tokenCacheKey({ ...parts, clientSecret: a });
        expect(keyA).not.toContain(a);
        expect(keyA).toMatch(/\|sha256:[0-9a-f]{64}$/);
        if (a !== b) expect(tokenCacheKey({ ...parts, clientSecret: b })).not.toBe(keyA);
      }),
    );
  });

  it("differs per provider, token URL and client id", () => {
    const base = tokenCacheKey({ ...parts, clientSecret: "x" });
    expect(tokenCacheKey({ ...parts, provider: "other", clientSecret: "x" })).not.toBe(base);
    expect(tokenCacheKey({ ...parts, tokenUrl: "https://auth.acme.test/v2/token", clientSecret: "x" })).not.toBe(base);
    expect(tokenCacheKey({ ...parts, clientId: "client-2", clientSecret: "x" })).not.toBe(base);
  });
});

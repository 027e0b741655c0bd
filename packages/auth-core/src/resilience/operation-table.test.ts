import { describe, expect, it } from "vitest";
import { bodyKeyer } from "./body-idempotency.js";
import { idempotencyTable } from "./idempotency.js";
import type { IdempotentOperation } from "./types.js";

const operations: IdempotentOperation[] = [
  { method: "post", path: "/v1/charges", header: "Idempotency-Key" },
  { method: "Post", path: "/v1/payouts", bodyField: "reference_id" },
];

describe("the idempotency tables built from the generated operations", () => {
  it("finds a header operation whatever the case of its method, and never a body-field one", () => {
    const headerOf = idempotencyTable(operations);
    expect(headerOf("POST", "/v1/charges")).toBe("Idempotency-Key");
    expect(headerOf("POST", "/v1/payouts")).toBeUndefined();
    expect(headerOf("GET", "/v1/charges")).toBeUndefined();
  });

  it("keys the body of a body-field operation whatever the case of its method, and no other", () => {
    const keyBody = bodyKeyer(operations);
    const request = (path: string) =>
      new Request(`https://api.test${path}`, { method: "POST", headers: { "content-type": "application/json" } });
    const body = JSON.stringify({ amount: 1 });
    expect(keyBody?.(request("/v1/payouts"), "/v1/payouts", body, "key-1")?.key).toBe("key-1");
    expect(keyBody?.(request("/v1/charges"), "/v1/charges", body, "key-1")).toBeUndefined();
    expect(bodyKeyer([operations[0] as IdempotentOperation])).toBeUndefined();
  });
});

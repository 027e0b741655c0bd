import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { idempotentOperationsOf } from "./idempotency-facts.ts";
import { readRegistry, repoRoot } from "./registry.ts";
import { parseSpecText } from "./spec-facts.ts";

const FIXTURE = join(repoRoot, "scripts/fixtures/idempotency/payments.openapi.yaml");
const fixture = () => parseSpecText(readFileSync(FIXTURE, "utf8"), "payments.openapi.yaml");
const PAYOUTS = join(repoRoot, "scripts/fixtures/idempotency/payouts.openapi.yaml");
const payouts = () => parseSpecText(readFileSync(PAYOUTS, "utf8"), "payouts.openapi.yaml");
const payoutsToken = { method: "post", path: "/v1/jwt/client/obtain/token" };

describe("idempotentOperationsOf", () => {
  it("records the header a create operation declares (through a $ref), and nothing for list/retrieve/update", () => {
    expect(idempotentOperationsOf(fixture())).toEqual([
      { method: "POST", path: "/v1/charges", header: "Idempotency-Key" },
    ]);
  });

  it("gives every POST and PATCH the registry's provider header, except the token operation", () => {
    const operations = idempotentOperationsOf(fixture(), {
      providerHeader: "idempotency-key",
      tokenOperation: { method: "post", path: "/oauth/token" },
    });
    expect(operations).toEqual([
      { method: "POST", path: "/v1/charges", header: "Idempotency-Key" },
      { method: "PATCH", path: "/v1/charges/{charge_id}", header: "idempotency-key" },
    ]);
  });

  it("reads a header declared on the path item, in any spelling", () => {
    const document = parseSpecText(
      [
        "openapi: 3.1.0",
        "info: { title: t, version: '1' }",
        "paths:",
        "  /refunds:",
        "    parameters:",
        "      - { name: X-Idempotency-Key, in: header, schema: { type: string } }",
        "    post: { responses: {} }",
        "    get: { responses: {} }",
        "  /payouts:",
        "    post:",
        "      parameters:",
        "        - { name: Idempotency-Key, in: query, schema: { type: string } }",
        "      responses: {}",
      ].join("\n"),
      "t.yaml",
    );
    expect(idempotentOperationsOf(document)).toEqual([
      { method: "GET", path: "/refunds", header: "X-Idempotency-Key" },
      { method: "POST", path: "/refunds", header: "X-Idempotency-Key" },
    ]);
  });

  it("records the registry's body field for each operation whose JSON request body declares it, through $ref and allOf", () => {
    expect(
      idempotentOperationsOf(payouts(), { providerBodyField: "reference_id", tokenOperation: payoutsToken }),
    ).toEqual([
      { method: "POST", path: "/v1/payouts", bodyField: "reference_id" },
      { method: "POST", path: "/v1/payouts/{payout_id}/reverse", bodyField: "reference_id" },
    ]);
  });

  it("gives no body field to a body without the property, a form body, or the token operation", () => {
    const operations = idempotentOperationsOf(payouts(), { providerBodyField: "reference_id" });
    // Without the token operation's identity, its body's reference_id counts: the exclusion is what keeps it out.
    expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual([
      "POST /v1/jwt/client/obtain/token",
      "POST /v1/payouts",
      "POST /v1/payouts/{payout_id}/reverse",
    ]);
    expect(idempotentOperationsOf(payouts(), { providerBodyField: "amount", tokenOperation: payoutsToken })).toEqual([
      { method: "POST", path: "/v1/payouts", bodyField: "amount" },
    ]);
  });

  it("prefers a declared header to the body field, and the body field to the provider header", () => {
    expect(
      idempotentOperationsOf(fixture(), { providerBodyField: "amount", providerHeader: "idempotency-key" }),
    ).toEqual([
      { method: "POST", path: "/oauth/token", header: "idempotency-key" },
      { method: "POST", path: "/v1/charges", header: "Idempotency-Key" },
      { method: "PATCH", path: "/v1/charges/{charge_id}", bodyField: "amount" },
    ]);
  });

  it("finds none in the vendored documents: they hold only token operations", () => {
    for (const entry of readRegistry().providers) {
      const document = parseSpecText(readFileSync(join(repoRoot, "specs", entry.spec), "utf8"), entry.spec);
      const operations = idempotentOperationsOf(document, {
        providerHeader: entry.idempotencyHeader,
        providerBodyField: entry.idempotencyBodyField,
        tokenOperation: entry.tokenOperation,
      });
      expect(operations, entry.id).toEqual([]);
    }
  });
});

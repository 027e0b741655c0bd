import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { idempotentOperationsOf } from "./idempotency-facts.ts";
import { readRegistry, repoRoot } from "./registry.ts";
import { parseSpecText } from "./spec-facts.ts";

const FIXTURE = join(repoRoot, "scripts/fixtures/idempotency/payments.openapi.yaml");
const fixture = () => parseSpecText(readFileSync(FIXTURE, "utf8"), "payments.openapi.yaml");

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

  it("finds none in the vendored documents: they hold only token operations", () => {
    for (const entry of readRegistry().providers) {
      const document = parseSpecText(readFileSync(join(repoRoot, "specs", entry.spec), "utf8"), entry.spec);
      const operations = idempotentOperationsOf(document, {
        providerHeader: entry.idempotencyHeader,
        tokenOperation: entry.tokenOperation,
      });
      expect(operations, entry.id).toEqual([]);
    }
  });
});

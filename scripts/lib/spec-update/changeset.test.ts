import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildLargeSpec } from "../../fixtures/large-spec.ts";
import { diffSpecs } from "../spec-diff/index.ts";
import { changeSummary, changesetHeadline, changesetText, groupAddedOperations, groupChanges } from "./changeset.ts";

type Json = Record<string, unknown>;

describe("changesetText", () => {
  it("groups a first fuller document's added operations by resource path", () => {
    const small = buildLargeSpec({ resources: 0 });
    const full = buildLargeSpec({ resources: 45 });
    const { changes } = diffSpecs(small, full);
    const added = changes.filter((change) => change.message.startsWith("Added operation"));
    expect(added).toHaveLength(225);
    const text = changesetText({ packageName: "@scope/duro", bump: "patch", headline: "Update.", changes });
    const bullets = text.split("\n").filter((line) => /^- Added \d+ operations? under/.test(line));
    expect(bullets).toHaveLength(45);
    expect(bullets[0]).toBe(
      "- Added 5 operations under `/v1/r000` (in `GET /v1/r000`, `POST /v1/r000`, `GET /v1/r000/{id}`, `DELETE /v1/r000/{id}`, `PATCH /v1/r000/{id}`)",
    );
  });

  it("keeps one bullet per operation for a handful of additions", () => {
    const changes = [
      { level: "minor" as const, message: "Added operation `GET /v1/customers`", operations: [] },
      { level: "minor" as const, message: "Added operation `POST /v1/customers`", operations: [] },
    ];
    expect(groupAddedOperations(changes)).toEqual(changes);
  });

  it("keeps the other changes around the groups", () => {
    const before = buildLargeSpec({ resources: 1 });
    const after = buildLargeSpec({ resources: 4, version: "2.0.0" });
    delete ((after.paths as Json)["/v1/r000/{id}"] as Json).delete;
    const grouped = groupAddedOperations(diffSpecs(before, after).changes, 5).map((change) => change.message);
    expect(grouped[0]).toBe("Removed operation `DELETE /v1/r000/{id}`");
    expect(grouped).toContain("Added 5 operations under `/v1/r001`");
    expect(grouped.at(-1)).toBe("Document version 1.0.0 -> 2.0.0");
  });
});

describe("changesetHeadline", () => {
  const change = (level: "major" | "minor" | "patch", message: string, operations: string[] = []) => ({
    level,
    message,
    operations,
  });

  it("counts the changes and the operations they reach, and warns when code may need changes", () => {
    const changes = [
      change("major", "Shared response `NotFound`: field `resource` removed", ["GET /v1/a", "GET /v1/b"]),
      change("minor", "Added operation `POST /v1/c`"),
      change("minor", "`GET /v1/a`: new optional query parameter `q`"),
    ];
    expect(changeSummary(changes)).toBe("1 breaking change and 2 additions, reaching 3 operations");
    expect(
      changesetHeadline({ title: "Directus", oldVersion: "10", newVersion: "10", sha256: "ab".repeat(32), changes }),
    ).toBe(
      "Directus API 10 (re-published with changes): 1 breaking change and 2 additions, reaching 3 operations. " +
        "Code using the breaking changes below needs updating before you upgrade.\n\n" +
        "Types regenerated from the vendored document (sha256 abababababab).",
    );
  });

  it("names the version change and leaves the warning out when nothing breaks", () => {
    const changes = [change("patch", "Document version 1.0.0 -> 1.0.1")];
    expect(
      changesetHeadline({ title: "Dollr", oldVersion: "1.0.0", newVersion: "1.0.1", sha256: "0".repeat(64), changes }),
    ).toBe(
      "Dollr API 1.0.0 -> 1.0.1: 1 documentation change.\n\nTypes regenerated from the vendored document (sha256 000000000000).",
    );
  });

  it("lists a change to a shared response once in the changeset, with the operations it reaches", () => {
    const load = (name: string) =>
      parse(readFileSync(join(import.meta.dirname, `../../fixtures/spec-diff/${name}.yaml`), "utf8")) as Json;
    const { changes } = diffSpecs(load("shared-response-base"), load("shared-response-changed"));
    const text = changesetText({ packageName: "@scope/acme", bump: "minor", headline: "Acme.", changes });
    expect(text.split("\n").filter((line) => line.startsWith("- "))).toEqual([
      "- Shared response `NotFound`: field `resource` removed (in `GET /v1/plans/{planId}`, `DELETE /v1/plans/{planId}`)",
    ]);
  });
});

describe("groupChanges", () => {
  it("lists more than ten added component schemas in one line, naming the first eight", () => {
    const small = buildLargeSpec({ resources: 0 });
    const full = buildLargeSpec({ resources: 12 });
    const { changes } = diffSpecs(small, full);
    const schemaBullets = changes.filter((change) => change.message.startsWith("Component schema"));
    expect(schemaBullets.length).toBeGreaterThan(10);
    const grouped = groupChanges(changes).filter((change) => change.message.includes("component schemas"));
    expect(grouped).toHaveLength(1);
    expect(grouped[0]?.message).toMatch(
      new RegExp(
        `^Added ${schemaBullets.length} component schemas \\((\`[^\`]+\`, ){7}\`[^\`]+\` and ${schemaBullets.length - 8} more\\)$`,
      ),
    );
    expect(groupChanges(changes).some((change) => change.message.startsWith("Component schema"))).toBe(false);
  });
});

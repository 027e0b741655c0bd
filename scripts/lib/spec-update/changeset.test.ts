import { describe, expect, it } from "vitest";
import { buildLargeSpec } from "../../fixtures/large-spec.ts";
import { diffSpecs } from "../spec-diff/index.ts";
import { changesetText, groupAddedOperations } from "./changeset.ts";

type Json = Record<string, unknown>;

describe("changesetText", () => {
  it("groups a first fuller document's added operations by resource path", () => {
    const small = buildLargeSpec({ resources: 0 });
    const full = buildLargeSpec({ resources: 45 });
    const { changes } = diffSpecs(small, full);
    const added = changes.filter((change) => change.message.startsWith("Added operation"));
    expect(added).toHaveLength(225);
    const text = changesetText({ packageName: "@scope/duro", bump: "patch", headline: "Update.", changes });
    const bullets = text.split("\n").filter((line) => line.startsWith("- Added"));
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

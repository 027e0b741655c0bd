/**
 * "Regenerate on spec change" the tenth time as well as the first: one provider (Duro) in a throw-away
 * copy of the repository gets an additive, a breaking and a documentation-only document in a row, then
 * the same document again. Every update runs the package's real checks (its typecheck and its whole
 * test suite, shared provider suite included) against the new code; after each one the changeset, the
 * drift check and the package build are verified. The first update is here; the others, in
 * repeated-updates.breaking.test.ts and repeated-updates.later.test.ts, run at the same time on copies
 * that first replay the updates before theirs (without the package checks, which their own file runs).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chain, successiveUpdates } from "../testing/successive-updates.ts";

const duro = successiveUpdates();

describe("four successive spec updates to one provider", () => {
  it("1: additive -> a patch release while 0.x, typed and built; the dependencies were built first", async () => {
    const result = await duro.update("additive", chain.additive());
    expect([result.changeLevel, result.version, result.bump]).toEqual(["minor", "0.1.0", "patch"]);
    const text = duro.changesetOf(result);
    expect(text.startsWith('---\n"@scope/duro": patch\n---\n')).toBe(true);
    expect(text).toContain("**Additions**");
    expect(text).toContain("- Added operation `GET /v1/customers`");
    expect(text).toContain("- Added operation `GET /v1/customers/{customerId}`");
    // specs:update built @scope/auth-core (turbo --filter=@scope/duro^...) in the repository it ran in.
    expect(existsSync(join(duro.repo.root, "packages/auth-core/dist/index.d.ts"))).toBe(true);
    await duro.expectNoDrift();
    await duro.expectBuildHas("/v1/customers", "/v1/customers/{customerId}");
  }, 600_000);
});

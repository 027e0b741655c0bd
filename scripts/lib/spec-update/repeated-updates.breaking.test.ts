/**
 * The second of the four successive spec updates (see repeated-updates.test.ts): this copy replays
 * the first update without the package checks (repeated-updates.test.ts runs them), then takes the
 * breaking update with the package's typecheck and whole test suite.
 */

import { beforeAll, describe, expect, it } from "vitest";
import { chain, successiveUpdates } from "../testing/successive-updates.ts";

const duro = successiveUpdates();

beforeAll(() => duro.replayBefore("breaking"), 300_000);

describe("four successive spec updates to one provider", () => {
  it("2: breaking -> a minor release while 0.x, listed under breaking changes", async () => {
    // Duro's checks resolve @scope/auth-core through its linked node_modules (the repository's built
    // package); building the copy's first is proven by update 1 and would only cost time here.
    const result = await duro.update("breaking", chain.breaking(), { buildDependencies: false });
    expect([result.changeLevel, result.bump]).toEqual(["major", "minor"]);
    const text = duro.changesetOf(result);
    expect(text.startsWith('---\n"@scope/duro": minor\n---\n')).toBe(true);
    expect(text).toContain("**Breaking changes**\n\n- Schema `Customer` in responses: field `name` removed");
    await duro.expectNoDrift();
    await duro.expectBuildHas("/v1/customers");
  }, 600_000);
});

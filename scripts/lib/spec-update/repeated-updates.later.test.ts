/**
 * The last two of the four successive spec updates (see repeated-updates.test.ts): this copy replays
 * the first two without the package checks (their own files run them), then takes the
 * documentation-only update, with the package's typecheck and whole test suite, and the same document
 * again.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { sha256 } from "../registry.ts";
import { chain, successiveUpdates } from "../testing/successive-updates.ts";
import { snapshotTree } from "../testing/temp-repo.ts";
import { updateSpec } from "./update.ts";

const duro = successiveUpdates();

beforeAll(() => duro.replayBefore("docs"), 300_000);

describe("four successive spec updates to one provider", () => {
  it("3: documentation only -> a patch", async () => {
    // Duro's checks resolve @scope/auth-core through its linked node_modules (the repository's built
    // package); building the copy's first is proven by update 1 and would only cost time here.
    const result = await duro.update("docs", chain.docs(), { buildDependencies: false });
    expect([result.changeLevel, result.bump]).toEqual(["patch", "patch"]);
    const text = duro.changesetOf(result);
    expect(text.startsWith('---\n"@scope/duro": patch\n---\n')).toBe(true);
    expect(text).not.toContain("**Breaking changes**");
    expect(text).not.toContain("**Additions**");
    await duro.expectNoDrift();
    await duro.expectBuildHas("/v1/customers");
  }, 600_000);

  it("4: the same document again -> a no-op that changes nothing", async () => {
    const document = chain.docs();
    const from = join(duro.repo.scratch, "identical.yaml");
    writeFileSync(from, stringify(document));
    const before = snapshotTree(duro.repo.root);
    const result = await updateSpec({ provider: "duro", from, root: duro.repo.root });
    expect(result).toEqual({
      status: "unchanged",
      provider: "duro",
      specFile: "specs/duro.openapi.yaml",
      sha256: sha256(stringify(document)),
    });
    expect(snapshotTree(duro.repo.root)).toEqual(before);
    expect(readFileSync(join(duro.repo.root, "specs/duro.openapi.yaml"), "utf8")).toBe(stringify(document));
    await duro.expectNoDrift();
  }, 300_000);
});

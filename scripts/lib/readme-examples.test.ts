import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkReadmeExamples, discoverReadmes, extractTsBlocks, workspacePackages } from "./readme-examples.ts";
import { repoRoot } from "./registry.ts";

const scratch = mkdtempSync(join(tmpdir(), "readme-examples-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const readme = [
  "# Title", // 1
  "", // 2
  "```ts", // 3
  'import { createDollrClient } from "@scope/dollr";', // 4
  'const dollr = createDollrClient({ clientId: "id", clientSecret: "secret" });', // 5
  'await dollr.POST("/{version}/jwt/client/obtain/token", {', // 6
  '  params: { path: { version: "v1" } },', // 7
  '  body: { client_id: "id", client_secret: "secret" },', // 8
  "});", // 9
  "```", // 10
  "", // 11
  "```sh", // 12
  "pnpm test", // 13
  "```", // 14
  "", // 15
  "```ts", // 16
  'import { createDollrClient } from "@scope/dollr";', // 17
  'const dollr = createDollrClient({ clientId: "id", clientSecret: "secret" });', // 18
  'await dollr.GET("/v1/payments");', // 19
  "```", // 20
].join("\n");

describe("extractTsBlocks", () => {
  it("returns each ts block with the README line its code starts on, skipping other languages", () => {
    const blocks = extractTsBlocks(readme);
    expect(blocks.map((b) => b.line)).toEqual([4, 17]);
    expect(blocks[0]?.code).toContain("createDollrClient({");
    expect(blocks.some((b) => b.code.includes("pnpm test"))).toBe(false);
  });
});

describe("checkReadmeExamples", { timeout: 120_000 }, () => {
  it("compiles blocks against the built package and reports a call the types reject at its README line", () => {
    const file = join(scratch, "README.md");
    writeFileSync(file, readme);
    const errors = checkReadmeExamples(repoRoot, [file], { "@scope/dollr": join(repoRoot, "packages", "dollr") });
    expect(errors.map((e) => ({ readme: e.readme, line: e.line }))).toEqual([{ readme: file, line: 19 }]);
    expect(errors[0]?.message).toMatch(/"\/v1\/payments"/);
  });
});

describe("discoverReadmes", { timeout: 120_000 }, () => {
  it("finds the root README and every package README, so a broken block in a package README fails the check", () => {
    const repo = mkdtempSync(join(scratch, "repo-"));
    writeFileSync(join(repo, "README.md"), "# Root\n\n```ts\nconst ok: number = 1;\n```\n");
    for (const name of ["alpha", "beta"]) mkdirSync(join(repo, "packages", name), { recursive: true });
    mkdirSync(join(repo, "packages", "no-readme"));
    const broken = [
      "# @scope/beta", // 1
      "", // 2
      "```ts", // 3
      'import { createDollrClient } from "@scope/dollr";', // 4
      "const dollr = createDollrClient({ clientId });", // 5: clientId is not declared
      "```", // 6
    ].join("\n");
    writeFileSync(join(repo, "packages", "beta", "README.md"), broken);
    writeFileSync(join(repo, "packages", "alpha", "README.md"), "# alpha\n");
    const found = discoverReadmes(repo);
    expect(found).toEqual(["README.md", "packages/alpha/README.md", "packages/beta/README.md"]);
    const errors = checkReadmeExamples(
      repoRoot,
      found.map((readme) => join(repo, readme)),
      { "@scope/dollr": join(repoRoot, "packages", "dollr") },
    );
    expect(errors.map((e) => ({ readme: e.readme, line: e.line }))).toContainEqual({
      readme: join(repo, "packages", "beta", "README.md"),
      line: 5,
    });
    expect(errors.every((e) => e.readme.endsWith(join("beta", "README.md")))).toBe(true);
  });

  it("lists this repository's package READMEs and links every workspace package", () => {
    expect(discoverReadmes(repoRoot)).toEqual(expect.arrayContaining(["README.md", "packages/dollr/README.md"]));
    expect(Object.keys(workspacePackages(repoRoot))).toEqual(
      expect.arrayContaining(["@scope/auth-core", "@scope/dollr"]),
    );
  });
});

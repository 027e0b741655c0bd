import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findDrift } from "./drift.ts";
import { providerTurboJson } from "./package-files.ts";
import { type ProviderEntry, readRegistry } from "./registry.ts";
import { copyRepo } from "./turbo-dry.ts";

const copy = copyRepo();
const scratch = mkdtempSync(join(tmpdir(), "scope-drift-test-"));
afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

describe("findDrift", () => {
  it("finds no drift in the committed tree", async () => {
    expect(await findDrift(readRegistry(copy), copy, join(scratch, "clean"))).toEqual([]);
  });

  it("reports a hand-edited generated file, a stale file and a spec whose hash is off", async () => {
    appendFileSync(join(copy, "packages/turris/src/generated/openapi.gen.ts"), "\n// hand edit\n");
    writeFileSync(join(copy, "packages/dollr/src/generated/extra.gen.ts"), "export {};\n");
    appendFileSync(join(copy, "specs/duro.openapi.yaml"), "\n");
    writeFileSync(
      join(copy, "packages/duro/turbo.json"),
      JSON.stringify({ extends: ["//"], tasks: { ...(providerTurboJson(duroEntry(copy)).tasks as object), test: {} } }),
    );
    const problems = await findDrift(readRegistry(copy), copy, join(scratch, "dirty"));
    expect(problems).toEqual(
      expect.arrayContaining([
        "packages/turris/src/generated/openapi.gen.ts: differs from a fresh generation",
        "packages/dollr/src/generated/extra.gen.ts: not produced by the generator (stale file)",
        expect.stringMatching(/^specs\/duro\.openapi\.yaml: sha256 differs from specs\/registry\.json/),
        expect.stringMatching(/^packages\/duro\/turbo\.json: test inputs must include \$TURBO_DEFAULT\$/),
      ]),
    );
  });
});

function duroEntry(root: string): ProviderEntry {
  const entry = readRegistry(root).providers.find((provider) => provider.id === "duro");
  if (!entry) throw new Error("specs/registry.json has no duro entry");
  return entry;
}

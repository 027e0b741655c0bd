import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ESM_ONLY_CONDITIONS, publishFields } from "../package-files.ts";
import { repoRoot } from "../registry.ts";

type Conditions = Record<string, { types?: string; default?: string }>;

const rootExport = (manifest: { exports: Record<string, unknown> }): Conditions => manifest.exports["."] as Conditions;

describe("export conditions for runtimes without CommonJS", () => {
  it("scaffolded packages send workerd, worker, deno and browser to the ESM build, ahead of import/require", () => {
    const fields = publishFields({ ".": "index", "./testing": "testing" }) as { exports: Record<string, unknown> };
    const root = rootExport(fields);
    expect(Object.keys(root)).toEqual([...ESM_ONLY_CONDITIONS, "import", "require"]);
    for (const condition of ESM_ONLY_CONDITIONS) {
      expect(root[condition]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.js" });
    }
    expect(Object.keys(fields.exports["./testing"] as object)).toEqual(["import", "require"]);
  });

  it.each(["auth-core", "dollr", "turris", "duro"])("packages/%s root export carries the same conditions", (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "packages", dir, "package.json"), "utf8"));
    const expected = rootExport(publishFields({ ".": "index" }) as { exports: Record<string, unknown> });
    expect(rootExport(manifest)).toEqual(expected);
    expect(Object.keys(rootExport(manifest))).toEqual(Object.keys(expected));
  });
});

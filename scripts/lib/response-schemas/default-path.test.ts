/**
 * The opt-in rule for response checks: a bundle of a provider's main entry (what
 * `import { createDollrClient } from "@scope/dollr"` pulls in) holds no byte of zod and none of the
 * checks; only the `/validation` entry does.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { packageDir, readRegistry, repoRoot } from "../registry.ts";

async function bundle(entry: string): Promise<{ inputs: string[]; text: string }> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    logLevel: "silent",
    absWorkingDir: repoRoot,
  });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles.map((f) => f.text).join("\n") };
}

describe("response checks stay off the default path", () => {
  for (const entry of readRegistry().providers) {
    it(`${entry.packageName}: the main entry bundles no zod and no check; /validation bundles both`, async () => {
      const main = await bundle(join(packageDir(entry), "src/index.ts"));
      expect(main.inputs.filter((input) => /[/\\]zod[/\\]|responses\.zod\.gen|validation/.test(input))).toEqual([]);
      expect(main.text).not.toContain("ResponseValidationError");
      const optIn = await bundle(join(packageDir(entry), "src/validation.ts"));
      expect(optIn.inputs.some((input) => /[/\\]zod[/\\]/.test(input))).toBe(true);
      expect(optIn.text).toContain("ResponseValidationError");
    });
  }
});

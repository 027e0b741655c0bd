/**
 * Runs our generator (scripts/lib/generate-provider.ts) on one document, outside the registry:
 *   node gen-one.mjs <spec file> <output package folder>
 * The generation suite bundles this file with esbuild so it runs on plain Node like the bare CLI.
 */
import { generateProvider, writeGeneratedFiles } from "../../../../scripts/lib/generate-provider.ts";
import { repoRoot } from "../../../../scripts/lib/registry.ts";

async function main(): Promise<void> {
  // Measured like openapi-typescript's CLI reports its own time: from after module loading to the file written.
  const started = performance.now();
  const [specFile, outDir] = process.argv.slice(2);
  if (!specFile || !outDir) throw new Error("usage: gen-one <spec file> <output package folder>");
  const entry = {
    id: "synthetic",
    packageName: "@scope/synthetic",
    title: "Synthetic",
    spec: "synthetic.json",
    upstreamUrl: "https://api.example.test/openapi.json",
    fetchedAt: "2026-01-01",
    sha256: "0".repeat(64),
  };
  writeGeneratedFiles(outDir, await generateProvider(entry, { specFile, root: repoRoot }));
  process.stdout.write(`${JSON.stringify({ coreMs: performance.now() - started })}\n`);
}

main().catch((error: unknown) => {
  console.error(`gen-one failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});

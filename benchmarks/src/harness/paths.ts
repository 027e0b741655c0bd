import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The benchmarks/ folder. */
export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The repository root. */
export const repoRoot = resolve(benchDir, "..");
/** Scratch space for generated documents, bundles and installs (git-ignored; inside the repo so node_modules resolve). */
export const scratchDir = join(benchDir, ".bench-tmp");

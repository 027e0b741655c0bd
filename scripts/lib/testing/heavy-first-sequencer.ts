/**
 * The order the scripts test files start in: the end-to-end files (each copies the repository and
 * runs builds, type checks and whole package suites in child processes) first, longest first, then
 * vitest's own order. On a fresh clone vitest has no timings yet and would start the largest files
 * first, which can leave the longest end-to-end file running alone at the end.
 */
import { relative } from "node:path";
import type { TestSpecification } from "vitest/node";
import { BaseSequencer } from "vitest/node";

/** Longest first, paths relative to scripts/. */
export const HEAVY_FILES = [
  "lib/spec-update/update.test.ts",
  "lib/spec-update/repeated-updates.later.test.ts",
  "lib/spec-update/repeated-updates.breaking.test.ts",
  "lib/spec-update/repeated-updates.test.ts",
  "lib/scaffold/new-provider.test.ts",
  "lib/api-report.test.ts",
  "release/consumer.test.ts",
];

/** Vitest sequencer: {@link HEAVY_FILES} first, in that order, then the rest as vitest sorts them. */
export class HeavyFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = HEAVY_FILES.indexOf(relative(spec.project.config.root, spec.moduleId).split("\\").join("/"));
      return index === -1 ? HEAVY_FILES.length : index;
    };
    return sorted
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.order - b.order)
      .map(({ spec }) => spec);
  }
}

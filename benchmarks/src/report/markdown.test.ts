import { describe, expect, it } from "vitest";
import type { FootprintResult } from "../suites/footprint/footprint-suite.js";
import { headlines, notes, renderResultsMarkdown } from "./markdown.js";
import type { RunResults } from "./results.js";

const skipped = { skipped: "not selected in this run (--only)" };

function results(overrides: Partial<RunResults> = {}): RunResults {
  return {
    mode: "smoke",
    command: "pnpm bench:smoke",
    machine: {
      cpuModel: "Test CPU",
      cores: 2,
      memoryGiB: 4,
      os: "linux",
      node: "v20.0.0",
      date: "2026-01-01T00:00:00.000Z",
      loadAverage: 0.5,
    },
    totalMs: 1234,
    loadAverageAtEnd: 0.7,
    overhead: skipped,
    cost: skipped,
    stampede: skipped,
    providers: skipped,
    refresh: skipped,
    storm: skipped,
    generation: skipped,
    footprint: skipped,
    fleet: skipped,
    ...overrides,
  };
}

describe("renderResultsMarkdown", () => {
  it("states the machine, Node version and command, and says why a suite has no numbers", () => {
    const text = renderResultsMarkdown(results());
    expect(text).toContain("Test CPU × 2 cores");
    expect(text).toContain("v20.0.0");
    expect(text).toContain("`pnpm bench:smoke`");
    expect(text).toContain("Not measured: not selected in this run (--only)");
    expect(headlines(results())).toEqual([]);
  });

  it("reports a stampede target as met only when every N made one token request", () => {
    const cell = (tokenRequests: number) => ({ tokenRequests, failedCalls: 0, wallMs: 1 });
    const row = (callers: number, ours: number) => ({
      callers,
      cells: { ours: cell(ours), naive: cell(callers), "no-single-flight": cell(callers) },
    });
    const met = headlines(results({ stampede: { tokenLatencyMs: 20, maxInFlight: 8, rows: [row(1, 1), row(10, 1)] } }));
    expect(met[0]).toMatchObject({ measured: "1 / 1", met: true });
    const missed = headlines(results({ stampede: { tokenLatencyMs: 20, maxInFlight: 8, rows: [row(10, 2)] } }));
    expect(missed[0]?.met).toBe(false);
  });
});

describe("notes", () => {
  it("points out a bundle dominated by zod, computed from the footprint numbers", () => {
    const footprint: FootprintResult = {
      bundles: [
        {
          provider: "@scope/dollr",
          minBytes: 1000,
          gzipBytes: 300,
          parts: [
            { group: "ours", minBytes: 100, gzipBytesEstimate: 30 },
            { group: "zod", minBytes: 900, gzipBytesEstimate: 270 },
          ],
        },
      ],
      install: { skipped: "not measured in this mode" },
    };
    expect(notes(results({ footprint }))).toEqual([
      expect.stringContaining("zod is 90 % of the minified @scope/dollr"),
    ]);
  });
});

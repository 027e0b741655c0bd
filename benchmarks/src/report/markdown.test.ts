import { describe, expect, it } from "vitest";
import type { Summary } from "../harness/stats.js";
import { type ClientCostResult, COST_VARIANTS } from "../suites/auth/client-cost.js";
import type { OverheadResult } from "../suites/auth/overhead.js";
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

  it("names the suites a later partial run measured again", () => {
    const rerun = {
      suites: ["overhead", "outage"],
      command: "pnpm bench --only overhead,outage",
      date: "2026-02-03T00:00:00Z",
      totalMs: 61_000,
      loadAverage: [3, 4] as [number, number],
    };
    expect(renderResultsMarkdown(results({ reruns: [rerun] }))).toContain(
      "Every figure below comes from this one run, except the suites measured again later: overhead, outage by `pnpm bench --only overhead,outage` on 2026-02-03 (61 s, load average 3 / 4 at start / end; each section's ratios are within that run).",
    );
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

describe("headline 1b", () => {
  const one = (median: number): Summary => ({ runs: 1, median, min: median, max: median, q1: median, q3: median });
  const variant = (cpu: number) => ({
    requestsPerSecond: one(1000),
    p50Ms: one(1),
    p99Ms: one(2),
    cpuUsPerRequest: one(cpu),
    failures: 0,
    requests: 1000,
  });

  it("divides the no-network extra CPU by the no-network static client's CPU, never by a networked figure", () => {
    // Networked CPU per request (section 1) is ten times the no-network figure: dividing by it would show 1 %.
    const overhead: OverheadResult = {
      rounds: 1,
      durationMs: 500,
      concurrency: 16,
      variants: { static: variant(300), control: variant(300), naive: variant(301), ours: variant(303) },
      throughputRatio: one(0.99),
      p99Ratio: one(1),
      naiveThroughputRatio: one(1),
      controlThroughputRatio: one(1),
      extraCpuUs: one(3),
    };
    const usPerRequest = Object.fromEntries(COST_VARIANTS.map((v) => [v, one(30)])) as ClientCostResult["usPerRequest"];
    const cost: ClientCostResult = {
      rounds: 1,
      requestsPerRound: 100,
      concurrency: 4,
      usPerRequest: { ...usPerRequest, static: one(30), ours: one(33.6) },
      getTokenUs: one(0.2),
    };
    const row = headlines(results({ overhead, cost })).find((h) => h.claim.startsWith("1b."));
    expect(row).toMatchObject({ measured: "3.6 µs of 30.0 µs = 12.0 %", met: false });
    const within = headlines(
      results({ overhead, cost: { ...cost, usPerRequest: { ...cost.usPerRequest, ours: one(32.4) } } }),
    ).find((h) => h.claim.startsWith("1b."));
    expect(within).toMatchObject({ measured: "2.4 µs of 30.0 µs = 8.0 %", met: true });
  });
});

describe("headline 1", () => {
  const one = (median: number): Summary => ({ runs: 1, median, min: median, max: median, q1: median, q3: median });
  const variant = {
    requestsPerSecond: one(1000),
    p50Ms: one(1),
    p99Ms: one(2),
    cpuUsPerRequest: one(30),
    failures: 0,
    requests: 1,
  };
  const overhead = (oursOverNaive: number, oursOverStatic: number): OverheadResult => ({
    rounds: 1,
    durationMs: 120,
    concurrency: 16,
    variants: { static: variant, control: variant, naive: variant, ours: variant },
    oursOverNaiveThroughputRatio: one(oursOverNaive),
    oursOverNaiveP99Ratio: one(1),
    throughputRatio: one(oursOverStatic),
    p99Ratio: one(1.2),
    naiveThroughputRatio: one(0.95),
    controlThroughputRatio: one(1),
    extraCpuUs: one(1),
  });

  it("judges throughput against the docs' middleware; ours / static header is reported as the floor, not judged", () => {
    const rows = headlines(results({ overhead: overhead(0.99, 0.94) }));
    expect(rows.map((h) => h.claim)).toEqual([
      "1. throughput, ours / openapi-fetch with the docs' auth middleware",
      "1. p99 latency, ours / openapi-fetch with the docs' auth middleware",
    ]);
    expect(rows[0]).toMatchObject({ measured: "0.990 (0.990–0.990, n=1)", met: true });
    expect(headlines(results({ overhead: overhead(0.96, 0.99) }))[0]?.met).toBe(false);
    const text = renderResultsMarkdown(results({ overhead: overhead(0.99, 0.94) }));
    expect(text).toContain(
      "| **throughput (c)/(b): ours / the docs' middleware** | >= 0.97 | 0.990 (0.990–0.990, n=1) | met |",
    );
    expect(text).toContain(
      "| throughput (c)/(a): the floor openapi-fetch's middleware machinery sets | — | 0.940 (0.940–0.940, n=1) | — |",
    );
  });
});

describe("headline 8", () => {
  const one = (median: number): Summary => ({ runs: 1, median, min: median, max: median, q1: median, q3: median });
  const cell = (calls: number, requests: number) => ({
    calls,
    requests,
    amplification: requests / calls,
    callMs: one(5),
    elapsedMs: 10_000,
  });

  it("is met when ours sends at most 1.1 requests per call, beside the naive loop's figure", () => {
    const outage = (ours: number) => ({
      durationMs: 10_000,
      ratePerSecond: 200,
      cells: { naive: cell(2000, 6000), oursNoBudget: cell(2000, 6000), ours: cell(2000, ours) },
    });
    const met = headlines(results({ outage: outage(2100) }));
    expect(met).toEqual([
      {
        claim: "8. retry amplification, API down 10 s at 200 calls/s: naive retry loop / ours",
        target: "ours <= 1.1",
        measured: "3.00 / 1.050",
        met: true,
      },
    ]);
    expect(headlines(results({ outage: outage(2300) }))[0]?.met).toBe(false);
    expect(renderResultsMarkdown(results({ outage: outage(2100) }))).toContain("Target: ours <= 1.1: met.");
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

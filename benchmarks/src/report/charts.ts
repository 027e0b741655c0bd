/** Builds the SVG charts of a run from its numbers. */
import { COST_VARIANTS, type CostVariant } from "../suites/auth/client-cost.js";
import type { RunResults } from "./results.js";
import { isSkipped } from "./results.js";
import { renderBarChart, renderLineChart } from "./svg.js";

const COST_SHORT: Record<CostVariant, string> = {
  static: "(a) static header",
  "empty-middleware": "+ empty middleware",
  "header-middleware": "+ header middleware",
  naive: "(b) naive middleware",
  "auth-middleware-fixed-cache": "auth middleware, stub cache",
  ours: "(c) ours",
};

/** Chart file name -> SVG text. */
export type Charts = Map<string, string>;

/** The chart the README embeds. */
export const MAIN_CHART = "stampede.svg";

/** Renders every chart the run has data for. */
export function buildCharts(results: RunResults): Charts {
  const charts: Charts = new Map();
  const { overhead, cost, stampede, refresh, storm, generation, footprint, fleet } = results;
  if (!isSkipped(fleet) && fleet.scenarios) {
    charts.set(
      "fleet.svg",
      renderBarChart({
        title: "Fleet: token requests per token lifetime",
        unit: "token requests per lifetime",
        series: ["token requests / lifetime"],
        groups: fleet.scenarios.map((s) => ({ label: s.name, bars: [{ value: s.tokenRequestsPerLifetime }] })),
      }),
    );
  }
  if (!isSkipped(overhead)) {
    const names = { static: "(a) static header", naive: "(b) naive middleware", ours: "(c) ours, warm cache" } as const;
    charts.set(
      "overhead.svg",
      renderBarChart({
        title: `Per-request throughput (${overhead.rounds} interleaved rounds, concurrency ${overhead.concurrency})`,
        unit: "requests per second (median, whiskers min–max)",
        series: ["req/s"],
        groups: (["static", "naive", "ours"] as const).map((v) => ({
          label: names[v],
          bars: [
            {
              value: overhead.variants[v].requestsPerSecond.median,
              low: overhead.variants[v].requestsPerSecond.min,
              high: overhead.variants[v].requestsPerSecond.max,
            },
          ],
        })),
      }),
    );
    charts.set(
      "overhead-latency.svg",
      renderBarChart({
        title: "Per-request latency",
        unit: "ms (median of rounds)",
        series: ["p50", "p99"],
        groups: (["static", "naive", "ours"] as const).map((v) => ({
          label: names[v],
          bars: [{ value: overhead.variants[v].p50Ms.median }, { value: overhead.variants[v].p99Ms.median }],
        })),
      }),
    );
  }
  if (!isSkipped(cost)) {
    charts.set(
      "client-cost.svg",
      renderBarChart({
        title: "Client CPU per request without network (stub fetch)",
        unit: "µs per request (median, whiskers min–max)",
        series: ["CPU µs / request"],
        groups: COST_VARIANTS.map((v) => ({
          label: COST_SHORT[v],
          bars: [{ value: cost.usPerRequest[v].median, low: cost.usPerRequest[v].min, high: cost.usPerRequest[v].max }],
        })),
      }),
    );
  }
  if (!isSkipped(stampede)) {
    charts.set(
      "stampede.svg",
      renderBarChart({
        title: "Cold stampede: token requests for N concurrent first calls",
        unit: "token requests",
        series: ["ours (single-flight)", "naive middleware", "cache without single-flight"],
        log: true,
        groups: stampede.rows.map((row) => ({
          label: `N = ${row.callers.toLocaleString("en-US")}`,
          bars: [
            { value: row.cells.ours.tokenRequests },
            { value: row.cells.naive.tokenRequests },
            { value: row.cells["no-single-flight"].tokenRequests },
          ],
        })),
      }),
    );
  }
  if (!isSkipped(storm)) {
    charts.set(
      "storm.svg",
      renderBarChart({
        title: `401 storm: refetches for K staggered 401s (over ${storm.staggerMs} ms)`,
        unit: "token refetches",
        series: ["ours (compare-and-invalidate)", "unconditional invalidation", "unconditional, no single-flight"],
        log: true,
        groups: storm.rows.map((row) => ({
          label: `K = ${row.concurrent.toLocaleString("en-US")}`,
          bars: [
            { value: row.cells.ours.refetches },
            { value: row.cells.unconditional.refetches },
            { value: row.cells["no-single-flight"].refetches },
          ],
        })),
      }),
    );
  }
  if (!isSkipped(refresh)) {
    charts.set(
      "refresh.svg",
      renderBarChart({
        title: `Refresh boundary: latency inside vs outside the ${refresh.windowMs} ms refresh window`,
        unit: "ms",
        series: ["p50 outside", "p50 inside", "p99 outside", "p99 inside"],
        groups: (["ours", "no-single-flight"] as const).map((v) => ({
          label: v === "ours" ? "ours (background refresh)" : "blocking, no single-flight",
          bars: [
            { value: refresh.cells[v].outsideWindow.p50Ms },
            { value: refresh.cells[v].insideWindow.p50Ms },
            { value: refresh.cells[v].outsideWindow.p99Ms },
            { value: refresh.cells[v].insideWindow.p99Ms },
          ],
        })),
      }),
    );
  }
  if (!isSkipped(generation)) {
    const synthetic = generation.filter((g) => g.name.startsWith("synthetic"));
    const all = [...generation].sort((a, b) => a.operations - b.operations);
    const points = (rows: typeof all, pick: (g: (typeof all)[number]) => number) =>
      rows.map((g) => ({ x: Math.max(1, g.operations), y: pick(g) }));
    charts.set(
      "generation.svg",
      renderLineChart({
        title: "Generation and type-check time by document size",
        xLabel: "operations in the document",
        yLabel: "wall time, ms",
        logX: true,
        logY: true,
        series: [
          { name: "our generator", points: points(synthetic.length > 0 ? synthetic : all, (g) => g.ours.wall.median) },
          {
            name: "openapi-typescript CLI",
            points: points(synthetic.length > 0 ? synthetic : all, (g) => g.cli.wall.median),
          },
          {
            name: "tsc --noEmit consumer",
            points: points(synthetic.length > 0 ? synthetic : all, (g) => g.tsc.wall.median),
          },
        ],
      }),
    );
  }
  if (!isSkipped(footprint)) {
    const groups = ["ours", "openapi-fetch", "zod"];
    charts.set(
      "footprint.svg",
      renderBarChart({
        title: "Bundle size of each provider's ESM entry, min+gzip, by dependency",
        unit: "bytes (gzip share, estimated in proportion to minified bytes)",
        series: groups,
        groups: footprint.bundles.map((b) => ({
          label: b.provider,
          bars: groups.map((group) => ({ value: b.parts.find((p) => p.group === group)?.gzipBytesEstimate ?? 0 })),
        })),
      }),
    );
  }
  return charts;
}

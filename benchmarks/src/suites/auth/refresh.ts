/** Benchmark 3: steady load across several short real token lifetimes. */
import { type BenchClient, callItems, createBaselineCacheClient, TOKEN_PATH } from "../../clients/baselines.js";
import { createOurCoreClient } from "../../clients/ours.js";
import type { ServerProcess } from "../../harness/server-process.js";
import { quantile } from "../../harness/stats.js";

/** The variants of benchmark 3. */
export const REFRESH_VARIANTS = ["ours", "no-single-flight"] as const;
/** One variant of benchmark 3. */
export type RefreshVariant = (typeof REFRESH_VARIANTS)[number];

/** Latency of a set of calls, in ms. */
export interface LatencySet {
  calls: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** What one variant did across the lifetimes. */
export interface RefreshCell {
  tokenRequests: number;
  /** Token requests divided by the lifetimes the run spanned. */
  tokenRequestsPerLifetime: number;
  /** Refreshes: token requests that start within one refresh window of each other count as one. */
  refreshes: number;
  /** Token requests per refresh (target 1: no duplicate requests at a boundary). */
  tokenRequestsPerRefresh: number;
  calls: number;
  failedCalls: number;
  /** 401s the server sent (a replayed 401 is not a failed call, but it is a wasted round trip). */
  unauthorized: number;
  insideWindow: LatencySet;
  outsideWindow: LatencySet;
}

/** Results of benchmark 3. */
export interface RefreshResult {
  lifetimeMs: number;
  lifetimes: number;
  windowMs: number;
  concurrency: number;
  tokenLatencyMs: number;
  cells: Record<RefreshVariant, RefreshCell>;
}

const LIFETIME_S = 1;
const WINDOW_MS = 100;
const TOKEN_LATENCY_MS = 50;
const CONCURRENCY = 8;

function latencySet(values: number[]): LatencySet {
  return {
    calls: values.length,
    p50Ms: quantile(values, 0.5),
    p99Ms: quantile(values, 0.99),
    maxMs: values.length ? Math.max(...values) : Number.NaN,
  };
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

/** Groups request start times into refreshes: a start more than `windowMs` after its group's first begins a new one. */
export function countRefreshes(starts: number[], windowMs: number): number {
  let refreshes = 0;
  let groupStart = Number.NEGATIVE_INFINITY;
  for (const start of [...starts].sort((a, b) => a - b)) {
    if (start - groupStart > windowMs) {
      refreshes++;
      groupStart = start;
    }
  }
  return refreshes;
}

async function measure(server: ServerProcess, variant: RefreshVariant, lifetimes: number): Promise<RefreshCell> {
  await server.reset();
  const tokenFetches: { start: number; end: number }[] = [];
  const observing: typeof fetch = async (input, init) => {
    if (!urlOf(input).endsWith(TOKEN_PATH)) return fetch(input, init);
    const record = { start: performance.now(), end: Number.NaN };
    tokenFetches.push(record);
    try {
      return await fetch(input, init);
    } finally {
      record.end = performance.now();
    }
  };
  const client: BenchClient =
    variant === "ours"
      ? createOurCoreClient(server.baseUrl, observing, { fraction: WINDOW_MS / (LIFETIME_S * 1000) })
      : createBaselineCacheClient(server.baseUrl, { singleFlight: false, leewayMs: WINDOW_MS }, observing);
  if (!(await callItems(client))) throw new Error(`refresh: the ${variant} client's first call failed`);
  const before = await server.stats();
  const fetchesBefore = tokenFetches.length;
  const calls: { start: number; latency: number; ok: boolean }[] = [];
  const deadline = performance.now() + lifetimes * LIFETIME_S * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        let ok = false;
        try {
          ok = await callItems(client);
        } catch {
          ok = false;
        }
        calls.push({ start, latency: performance.now() - start, ok });
      }
    }),
  );
  const after = await server.stats();
  // The refresh window of each token: the last WINDOW_MS of its lifetime, as the client sees it.
  const windows = tokenFetches.map((f) => [f.end + LIFETIME_S * 1000 - WINDOW_MS, f.end + LIFETIME_S * 1000]);
  const inside = (t: number): boolean => windows.some(([from, to]) => t >= (from as number) && t <= (to as number));
  const tokenRequests = after.tokenRequests - before.tokenRequests;
  const measured = tokenFetches.slice(fetchesBefore);
  const refreshes = countRefreshes(
    measured.map((f) => f.start),
    WINDOW_MS,
  );
  return {
    tokenRequests,
    tokenRequestsPerLifetime: measured.length / lifetimes,
    refreshes,
    tokenRequestsPerRefresh: refreshes === 0 ? 0 : measured.length / refreshes,
    calls: calls.length,
    failedCalls: calls.filter((c) => !c.ok).length,
    unauthorized: after.unauthorized - before.unauthorized,
    insideWindow: latencySet(calls.filter((c) => inside(c.start)).map((c) => c.latency)),
    outsideWindow: latencySet(calls.filter((c) => !inside(c.start)).map((c) => c.latency)),
  };
}

/** Runs a steady closed-loop load over `lifetimes` one-second token lifetimes for each variant. */
export async function runRefreshSuite(server: ServerProcess, lifetimes: number): Promise<RefreshResult> {
  await server.configure({ lifetimeSeconds: LIFETIME_S, tokenLatencyMs: TOKEN_LATENCY_MS, revokeStaggerMs: 0 });
  const cells = {} as Record<RefreshVariant, RefreshCell>;
  for (const variant of REFRESH_VARIANTS) {
    cells[variant] = await measure(server, variant, lifetimes);
    const c = cells[variant];
    console.log(
      `  refresh ${variant}: ${c.tokenRequests} token requests in ${c.refreshes} refreshes, ${c.failedCalls} failed, p99 inside ${c.insideWindow.p99Ms.toFixed(1)} ms vs outside ${c.outsideWindow.p99Ms.toFixed(1)} ms`,
    );
  }
  await server.configure({ lifetimeSeconds: 3600, tokenLatencyMs: 0 });
  return {
    lifetimeMs: LIFETIME_S * 1000,
    lifetimes,
    windowMs: WINDOW_MS,
    concurrency: CONCURRENCY,
    tokenLatencyMs: TOKEN_LATENCY_MS,
    cells,
  };
}

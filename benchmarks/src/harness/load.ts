import { quantileSorted } from "./stats.js";

/** One call of the workload; resolves true on success, false on a failed call (never throws). */
export type Call = () => Promise<boolean>;

/** What one closed-loop load run measured. */
export interface LoadResult {
  requests: number;
  failures: number;
  elapsedMs: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Client process CPU time (user + system) per request, in microseconds. */
  cpuUsPerRequest: number;
}

/** Options of a closed-loop run: `concurrency` workers each issue calls back to back. */
export interface LoadOptions {
  concurrency: number;
  durationMs: number;
}

/** Latency of each call, in ms, in the order calls finished. */
export interface TimedCalls {
  latenciesMs: number[];
  failures: number;
}

async function guarded(call: Call): Promise<boolean> {
  try {
    return await call();
  } catch {
    return false;
  }
}

/** Runs `call` from `concurrency` workers for `durationMs` and reports throughput, latency and CPU. */
export async function runClosedLoop(call: Call, options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const ok = await guarded(call);
      latencies.push(performance.now() - t0);
      if (!ok) failures++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    failures,
    elapsedMs,
    requestsPerSecond: (latencies.length / elapsedMs) * 1000,
    p50Ms: quantileSorted(latencies, 0.5),
    p99Ms: quantileSorted(latencies, 0.99),
    cpuUsPerRequest: latencies.length === 0 ? Number.NaN : (cpu.user + cpu.system) / latencies.length,
  };
}

/** Starts `count` calls at once and waits for all of them; returns each call's latency. */
export async function runBurst(call: Call, count: number): Promise<TimedCalls> {
  const latenciesMs: number[] = [];
  let failures = 0;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const t0 = performance.now();
      const ok = await guarded(call);
      latenciesMs.push(performance.now() - t0);
      if (!ok) failures++;
    }),
  );
  return { latenciesMs, failures };
}

/** A fetch that lets at most `limit` requests be in flight (keeps 10,000-caller bursts under the fd limit). */
export function limitedFetch(limit: number, inner: typeof fetch = globalThis.fetch): typeof fetch {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (input, init) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await inner(input, init);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

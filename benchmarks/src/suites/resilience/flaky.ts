/**
 * Benchmark 6 (issue 15): POSTs against a flaky payment API (flaky-server.ts, its own process).
 * Plain openapi-fetch, a naive retry loop written by hand, and openapi-fetch with the resilience layer
 * every provider client installs: success rate and duplicate charges with 10 % failures (half of them
 * after the charge was committed), and throughput with no failures against plain openapi-fetch.
 */
import { fileURLToPath } from "node:url";
import { createResilience, type ResilienceOptions as ResilienceKnobs } from "@scope/auth-core";
import createClient, { type Client } from "openapi-fetch";
import { runClosedLoop } from "../../harness/load.js";
import { startServerProcess } from "../../harness/server-process.js";
import { pairedRatios, type Summary, summarize } from "../../harness/stats.js";
import type { FlakyStats } from "./flaky-server.js";

/** The flaky payment API's script (run in its own process). */
export const SERVER_FILE = fileURLToPath(new URL("./flaky-server.ts", import.meta.url));

/** The one operation: a create that declares an Idempotency-Key header. */
interface ChargePaths {
  "/v1/charges": {
    post: {
      parameters: { query?: never; header?: { "Idempotency-Key"?: string }; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { call: string; amount: number } } };
      responses: { 201: { headers: Record<string, unknown>; content: { "application/json": { id: string } } } };
    };
  };
}
/** A client of the flaky server's one operation. */
export type ChargeClient = Client<ChargePaths>;
/** One logical call: resolves true when the caller got its charge. */
export type Create = (call: string) => Promise<boolean>;

/** The variants, in run order. */
export const FLAKY_VARIANTS = ["plain", "naive", "ours", "oursMaxRetries3"] as const;
/** One variant of benchmark 6. */
export type FlakyVariant = (typeof FLAKY_VARIANTS)[number];

/** One variant's outcome over the flaky run. */
export interface FlakyCell {
  calls: number;
  succeeded: number;
  successRate: number;
  /** Logical calls charged more than once. */
  duplicateCharges: number;
  /** HTTP requests the server received. */
  requests: number;
  elapsedMs: number;
}

/** Results of benchmark 6. */
export interface ResilienceResult {
  calls: number;
  failureRate: number;
  concurrency: number;
  cells: Record<FlakyVariant, FlakyCell>;
  /** With no failures: ours / plain openapi-fetch throughput, round by round (target >= 0.97). */
  throughputRatio: Summary;
  plainRps: Summary;
  oursRps: Summary;
  rounds: number;
  durationMs: number;
}

/** Sizes of benchmark 6. */
export interface ResilienceOptions {
  calls: number;
  concurrency: number;
  rounds: number;
  durationMs: number;
}

/** One create through `client`, no retry of its own. */
export function plainCreate(client: ChargeClient): Create {
  return async (call) => {
    try {
      const { response } = await client.POST("/v1/charges", { body: { call, amount: 100 } });
      return response.status === 201;
    } catch {
      return false;
    }
  };
}

/** The retry loop users write by hand: up to 2 retries on a network error or a 5xx, no idempotency key. */
export function naiveCreate(client: ChargeClient): Create {
  return async (call) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const { response } = await client.POST("/v1/charges", { body: { call, amount: 100 } });
        if (response.status === 201) return true;
        if (response.status < 500) return false;
      } catch {
        // dropped connection: try again
      }
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt * Math.random()));
    }
    return false;
  };
}

/** openapi-fetch with the resilience layer as every provider client installs it (defaults unless overridden). */
export function resilientClient(baseUrl: string, options: ResilienceKnobs = {}): ChargeClient {
  const layer = createResilience({
    fetch: (request) => globalThis.fetch(request),
    idempotentOperations: [{ method: "POST", path: "/v1/charges", header: "Idempotency-Key" }],
    ...options,
  });
  const client = createClient<ChargePaths>({ baseUrl, fetch: layer.fetch, bodySerializer: layer.bodySerializer });
  client.use(layer.middleware);
  return client;
}

/** Runs `calls` logical creates through `create` with `concurrency` workers; counts successes. */
async function drive(create: Create, calls: number, concurrency: number, prefix: string) {
  let next = 0;
  let succeeded = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        const call = `${prefix}-${next++}`;
        if (await create(call)) succeeded++;
      }
    }),
  );
  return { succeeded, elapsedMs: performance.now() - started };
}

/** Runs benchmark 6 against its own flaky server process. */
export async function runResilienceSuite(options: ResilienceOptions): Promise<ResilienceResult> {
  const failureRate = 0.1;
  const server = await startServerProcess(SERVER_FILE);
  try {
    const { baseUrl } = server;
    const plainClient = createClient<ChargePaths>({ baseUrl, fetch: (request) => globalThis.fetch(request) });
    const creates: Record<FlakyVariant, Create> = {
      plain: plainCreate(plainClient),
      naive: naiveCreate(plainClient),
      ours: plainCreate(resilientClient(baseUrl)),
      oursMaxRetries3: plainCreate(resilientClient(baseUrl, { maxRetries: 3 })),
    };
    const cells = {} as Record<FlakyVariant, FlakyCell>;
    for (const variant of FLAKY_VARIANTS) {
      await server.reset();
      await server.configure({ failureRate, seed: 7 } as never);
      const { succeeded, elapsedMs } = await drive(creates[variant], options.calls, options.concurrency, variant);
      const stats = (await server.stats()) as unknown as FlakyStats;
      cells[variant] = {
        calls: options.calls,
        succeeded,
        successRate: succeeded / options.calls,
        duplicateCharges: stats.duplicateCalls,
        requests: stats.calls,
        elapsedMs,
      };
    }
    // No failures: what the layer costs on the happy path, against plain openapi-fetch, interleaved rounds.
    await server.reset();
    await server.configure({ failureRate: 0 } as never);
    const happy = { plain: creates.plain, ours: creates.ours };
    let serial = 0;
    const rps = { plain: [] as number[], ours: [] as number[] };
    // Warm both clients up (JIT, connections) for a second each before measuring.
    for (const name of ["plain", "ours"] as const) {
      await runClosedLoop(() => happy[name](`warm-${serial++}`), {
        concurrency: options.concurrency,
        durationMs: 1000,
      });
    }
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? (["plain", "ours"] as const) : (["ours", "plain"] as const);
      for (const name of order) {
        const result = await runClosedLoop(() => happy[name](`happy-${serial++}`), {
          concurrency: options.concurrency,
          durationMs: options.durationMs,
        });
        if (result.failures > 0)
          throw new Error(`resilience: ${result.failures} failed calls with no failures injected`);
        rps[name].push(result.requestsPerSecond);
      }
    }
    return {
      calls: options.calls,
      failureRate,
      concurrency: options.concurrency,
      cells,
      throughputRatio: summarize(pairedRatios(rps.ours, rps.plain)),
      plainRps: summarize(rps.plain),
      oursRps: summarize(rps.ours),
      rounds: options.rounds,
      durationMs: options.durationMs,
    };
  } finally {
    await server.close();
  }
}

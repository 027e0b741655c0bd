/**
 * Benchmark 1b: where a request's client-side time goes, without the network. Each variant sends
 * through a stub fetch that answers at once, so the figures are pure client CPU per request.
 */
import { createAuthMiddleware, createTokenCache, type TokenCache } from "@scope/auth-core";
import createClient, { type Middleware } from "openapi-fetch";
import {
  type BenchClient,
  type BenchPaths,
  callItems,
  createNaiveClient,
  createStaticClient,
} from "../../clients/baselines.js";
import { createOurProviderClient } from "../../clients/ours.js";
import { type Summary, summarize } from "../../harness/stats.js";
import { balancedOrder } from "./overhead.js";

/** The variants, each adding one piece on top of the previous ones. */
export const COST_VARIANTS = [
  "static",
  "empty-middleware",
  "header-middleware",
  "naive",
  "auth-middleware-fixed-cache",
  "ours",
] as const;
/** One variant of benchmark 1b. */
export type CostVariant = (typeof COST_VARIANTS)[number];

/** What each variant is, in words (for RESULTS.md). */
export const COST_LABELS: Record<CostVariant, string> = {
  static: "(a) openapi-fetch, static Authorization header",
  "empty-middleware": "openapi-fetch + a middleware that does nothing",
  "header-middleware": "openapi-fetch + a middleware that sets a constant Authorization header",
  naive: "(b) naive docs middleware (warm)",
  "auth-middleware-fixed-cache": "createAuthMiddleware with a cache stub that returns a constant token",
  ours: "(c) createDollrClient (auth-core cache + middleware), warm",
};

/** Results of benchmark 1b (client CPU µs per request). */
export interface ClientCostResult {
  rounds: number;
  requestsPerRound: number;
  concurrency: number;
  usPerRequest: Record<CostVariant, Summary>;
  /** A warm TokenCache.getToken() alone, µs per call. */
  getTokenUs: Summary;
}

const BASE_URL = "http://127.0.0.1:9";
const OK = JSON.stringify({ ok: true, items: [{ id: "itm_1", amount: 1200, currency: "NGN" }] });
const TOKEN = JSON.stringify({ access_token: "t_stub", expires_in: 60, token_type: "Bearer" });

const stubFetch: typeof fetch = async (input) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const body = url.includes("token") ? TOKEN : OK;
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
};

function fixedCache(): TokenCache {
  const token = { accessToken: "t_fixed", receivedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
  return {
    key: "fixed",
    getToken: async () => token,
    // As the real cache answers a warm request: without a promise (else this row would time a slower path than (c)).
    peekToken: () => token,
    invalidate: async () => false,
    reportRejected: () => undefined,
    dispose: async () => undefined,
  };
}

function build(variant: CostVariant): BenchClient {
  if (variant === "static") return createStaticClient(BASE_URL, stubFetch);
  if (variant === "naive") return createNaiveClient(BASE_URL, stubFetch);
  if (variant === "ours") return createOurProviderClient(BASE_URL, stubFetch);
  const client = createClient<BenchPaths>({ baseUrl: BASE_URL, fetch: stubFetch });
  const middleware: Middleware =
    variant === "empty-middleware"
      ? { onRequest: () => undefined }
      : variant === "header-middleware"
        ? {
            onRequest({ request }) {
              request.headers.set("Authorization", "Bearer t_fixed");
              return undefined;
            },
          }
        : createAuthMiddleware({ tokenCache: fixedCache(), baseUrl: BASE_URL });
  client.use(middleware);
  return client;
}

/** Process CPU time (user + system) per request in µs: less disturbed by other processes than wall time. */
async function timeBatch(call: () => Promise<unknown>, requests: number, concurrency: number): Promise<number> {
  const started = process.cpuUsage();
  for (let done = 0; done < requests; done += concurrency) {
    await Promise.all(Array.from({ length: concurrency }, call));
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / requests;
}

/** Runs every variant in interleaved rounds against the stub fetch; reports µs per request. */
export async function runClientCostSuite(options: {
  rounds: number;
  requestsPerRound: number;
  concurrency: number;
}): Promise<ClientCostResult> {
  const clients = Object.fromEntries(COST_VARIANTS.map((v) => [v, build(v)])) as Record<CostVariant, BenchClient>;
  const cache = createTokenCache({
    key: "cost",
    fetchToken: async () => ({ accessToken: "t_cache", expiresInMs: 3_600_000 }),
  });
  await cache.getToken();
  for (const variant of COST_VARIANTS) {
    if (!(await callItems(clients[variant]))) throw new Error(`client cost: ${variant} failed against the stub`);
    await timeBatch(() => callItems(clients[variant]), options.requestsPerRound, options.concurrency);
  }
  const samples = Object.fromEntries(COST_VARIANTS.map((v) => [v, [] as number[]])) as Record<CostVariant, number[]>;
  const getToken: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    for (const variant of balancedOrder(COST_VARIANTS, round)) {
      samples[variant].push(
        await timeBatch(() => callItems(clients[variant]), options.requestsPerRound, options.concurrency),
      );
    }
    getToken.push(await timeBatch(() => cache.getToken(), options.requestsPerRound, options.concurrency));
  }
  return {
    rounds: options.rounds,
    requestsPerRound: options.requestsPerRound,
    concurrency: options.concurrency,
    usPerRequest: Object.fromEntries(COST_VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<
      CostVariant,
      Summary
    >,
    getTokenUs: summarize(getToken),
  };
}

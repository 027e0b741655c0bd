/**
 * Benchmark 1c: the client CPU the observability features add per call, without the network. Each
 * variant is `createDollrClient` against a stub fetch that answers at once (as in 1b): nothing attached,
 * an `onEvent` listener, `debug` logging to a logger that drops the lines, and `@scope/otel` with the real
 * OpenTelemetry SDK (BasicTracerProvider + BatchSpanProcessor with a discarding exporter, MeterProvider
 * with a reader).
 */
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { createDollrClient } from "@scope/dollr";
import { otelInstrumentation } from "@scope/otel";
import { type BenchClient, callItems } from "../../clients/baselines.js";
import { type Summary, summarize } from "../../harness/stats.js";
import { balancedOrder } from "../auth/overhead.js";

/** The variants: the plain client, then each feature on top of it. */
export const TELEMETRY_VARIANTS = ["off", "default", "on-event", "debug-log", "otel"] as const;
/** One variant of benchmark 1c. */
export type TelemetryVariant = (typeof TELEMETRY_VARIANTS)[number];

/** What each variant is, in words (for RESULTS.md). */
export const TELEMETRY_LABELS: Record<TelemetryVariant, string> = {
  off: "createDollrClient, nothing attached (logLevel off)",
  default: "createDollrClient as it comes (console at `warn`: nothing written on success)",
  "on-event": "+ an `onEvent` listener (every event built, `api_attempt` included)",
  "debug-log": "+ `logLevel: debug` to a logger that drops the lines",
  otel: "+ `@scope/otel` with the OpenTelemetry SDK (spans + metrics)",
};

/** Results of benchmark 1c (client CPU µs per call). */
export interface TelemetryCostResult {
  rounds: number;
  requestsPerRound: number;
  concurrency: number;
  usPerRequest: Record<TelemetryVariant, Summary>;
}

const BASE_URL = "http://127.0.0.1:9";
const OK = JSON.stringify({ ok: true, items: [{ id: "itm_1", amount: 1200, currency: "NGN" }] });
const TOKEN = JSON.stringify({ access_token: "t_stub", expires_in: 60, token_type: "Bearer" });

const stubFetch: typeof fetch = async (input) => {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  return new Response(url.includes("token") ? TOKEN : OK, {
    status: 200,
    headers: { "content-type": "application/json" },
  });
};

const discard: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

class KeptReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const drop = (): void => undefined;

function build(variant: TelemetryVariant): BenchClient {
  const common = {
    clientId: `bench-${variant}`,
    clientSecret: "bench-secret-value",
    baseUrl: BASE_URL,
    fetch: stubFetch,
    logLevel: "off" as const,
  };
  if (variant === "off") return createDollrClient(common) as unknown as BenchClient;
  if (variant === "default") {
    const { logLevel: _default, ...asItComes } = common;
    return createDollrClient(asItComes) as unknown as BenchClient;
  }
  if (variant === "on-event") return createDollrClient({ ...common, onEvent: drop }) as unknown as BenchClient;
  if (variant === "debug-log") {
    const logger = { debug: drop, info: drop, warn: drop, error: drop };
    return createDollrClient({ ...common, logger, logLevel: "debug" }) as unknown as BenchClient;
  }
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] });
  const meterProvider = new MeterProvider({ readers: [new KeptReader()] });
  const instrumentation = otelInstrumentation({ tracerProvider, meterProvider });
  return createDollrClient({ ...common, instrumentation }) as unknown as BenchClient;
}

/** Process CPU time (user + system) per call in µs. */
async function timeBatch(call: () => Promise<unknown>, requests: number, concurrency: number): Promise<number> {
  const started = process.cpuUsage();
  for (let done = 0; done < requests; done += concurrency) {
    await Promise.all(Array.from({ length: concurrency }, call));
  }
  const used = process.cpuUsage(started);
  return (used.user + used.system) / requests;
}

/** Runs every variant in interleaved rounds against the stub fetch; reports µs per call. */
export async function runTelemetryCostSuite(options: {
  rounds: number;
  requestsPerRound: number;
  concurrency: number;
}): Promise<TelemetryCostResult> {
  const clients = Object.fromEntries(TELEMETRY_VARIANTS.map((v) => [v, build(v)])) as Record<
    TelemetryVariant,
    BenchClient
  >;
  for (const variant of TELEMETRY_VARIANTS) {
    if (!(await callItems(clients[variant]))) throw new Error(`telemetry cost: ${variant} failed against the stub`);
    await timeBatch(() => callItems(clients[variant]), options.requestsPerRound, options.concurrency);
  }
  const samples = Object.fromEntries(TELEMETRY_VARIANTS.map((v) => [v, [] as number[]])) as Record<
    TelemetryVariant,
    number[]
  >;
  for (let round = 0; round < options.rounds; round++) {
    for (const variant of balancedOrder(TELEMETRY_VARIANTS, round)) {
      samples[variant].push(
        await timeBatch(() => callItems(clients[variant]), options.requestsPerRound, options.concurrency),
      );
    }
  }
  return {
    rounds: options.rounds,
    requestsPerRound: options.requestsPerRound,
    concurrency: options.concurrency,
    usPerRequest: Object.fromEntries(TELEMETRY_VARIANTS.map((v) => [v, summarize(samples[v])])) as Record<
      TelemetryVariant,
      Summary
    >,
  };
}

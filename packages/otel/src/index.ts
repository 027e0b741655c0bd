/**
 * @scope/otel: OpenTelemetry for the @scope provider clients. Pass `otelInstrumentation()` as a client's
 * `instrumentation` option: a CLIENT span per logical call with a child span per attempt (HTTP client
 * semantic conventions; the 401 replay is a resend), a span per token refresh, and metrics.
 */
import { type MeterProvider, metrics, type TracerProvider, trace } from "@opentelemetry/api";
import type { ClientInstrumentation } from "@scope/auth-core";
import { createClientMetrics } from "./metrics.js";
import { startCallSpan, tokenSpans } from "./spans.js";

/** The instrumentation scope name of the tracer and the meter. */
export const INSTRUMENTATION_NAME = "@scope/otel";

/** Options of {@link otelInstrumentation}. */
export interface OtelInstrumentationOptions {
  /** Where spans go. Default: the global tracer provider (`trace.setGlobalTracerProvider`). */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global meter provider. */
  meterProvider?: MeterProvider;
}

/**
 * The `instrumentation` option of a provider client:
 * `createDollrClient({ clientId, clientSecret, instrumentation: otelInstrumentation() })`.
 * One instrumentation can serve any number of clients.
 */
export function otelInstrumentation(options: OtelInstrumentationOptions = {}): ClientInstrumentation {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_NAME);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_NAME);
  const measure = createClientMetrics(meter);
  const tokens = tokenSpans(tracer);
  return {
    onEvent(event) {
      measure.record(event);
      tokens(event);
    },
    startCall: (call) => startCallSpan(tracer, call),
  };
}

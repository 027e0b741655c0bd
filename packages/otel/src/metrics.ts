/** The client's metrics: HTTP client request duration, token requests, cache lookups, retries, budget exhaustion. */
import type { Counter, Histogram, Meter } from "@opentelemetry/api";
import type { ApiAttemptEvent, ClientEvent } from "@scope/auth-core";
import { attemptAttributes } from "./attributes.js";

/** Bucket boundaries (seconds) the HTTP semantic conventions advise for `http.client.request.duration`. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** The instruments, created once per instrumentation. */
export interface ClientMetrics {
  record(event: ClientEvent): void;
}

/** Creates the instruments on `meter`. */
export function createClientMetrics(meter: Meter): ClientMetrics {
  const duration: Histogram = meter.createHistogram("http.client.request.duration", {
    unit: "s",
    description: "Duration of HTTP client requests (one per attempt).",
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const tokenRequests: Counter = meter.createCounter("scope.auth.token.requests", {
    unit: "{request}",
    description: "Token refreshes, by outcome.",
  });
  const cacheLookups: Counter = meter.createCounter("scope.auth.token.cache.lookups", {
    unit: "{lookup}",
    description: "Token cache lookups, by result (hit or miss).",
  });
  const retries: Counter = meter.createCounter("scope.client.retries", {
    unit: "{retry}",
    description: "Retries of API calls and token requests.",
  });
  const budgetExhausted: Counter = meter.createCounter("scope.client.retry_budget.exhausted", {
    unit: "{event}",
    description: "Times a server's retry budget ran dry.",
  });
  const provider = (credential: string): string => credential.split(":")[0] ?? credential;
  return {
    record(event) {
      switch (event.type) {
        case "api_attempt":
          duration.record(event.durationMs / 1000, attemptAttributes(event as ApiAttemptEvent));
          return;
        case "refresh_success":
        case "refresh_failure":
          tokenRequests.add(1, {
            "scope.auth.provider": provider(event.credential),
            outcome: event.type === "refresh_success" ? "success" : "failure",
          });
          return;
        case "cache_hit":
        case "cache_miss":
          cacheLookups.add(1, {
            "scope.auth.provider": provider(event.credential),
            result: event.type === "cache_hit" ? "hit" : "miss",
          });
          return;
        case "retry":
          retries.add(1, {
            "scope.retry.target": "api",
            "http.request.method": event.method,
            "url.template": event.path,
          });
          return;
        case "token_retry":
          retries.add(1, { "scope.retry.target": "token", "scope.auth.provider": provider(event.credential) });
          return;
        case "retry_budget_empty":
          budgetExhausted.add(1, { "server.address": new URL(event.origin).hostname });
          return;
        default:
          return;
      }
    },
  };
}

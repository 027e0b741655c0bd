/**
 * Spans: one CLIENT span per logical API call, a child CLIENT span per attempt (built when the attempt
 * ends, with its measured start), and a span per token refresh.
 */
import { type Context, context, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";
import type { ApiAttemptEvent, CallScope, CallStart, ClientEvent } from "@scope/auth-core";
import { attemptAttributes, callAttributes } from "./attributes.js";

/** The span of one logical call and how its attempts hang under it. */
export function startCallSpan(tracer: Tracer, call: CallStart): CallScope {
  const parent = context.active();
  const span = tracer.startSpan(
    `${call.method} ${call.path}`,
    { kind: SpanKind.CLIENT, attributes: callAttributes(call) },
    parent,
  );
  const inside: Context = trace.setSpan(parent, span);
  let last: ApiAttemptEvent | undefined;
  return {
    attempt(event) {
      last = event;
      attemptSpan(tracer, inside, event);
    },
    end(outcome) {
      if (outcome.status !== undefined) {
        span.setAttribute("http.response.status_code", outcome.status);
        if (outcome.status >= 400) fail(span, String(outcome.status));
      } else {
        const name = outcome.error instanceof Error ? outcome.error.name : "_OTHER";
        fail(span, name);
      }
      if (last !== undefined && last.attempt > 1) span.setAttribute("http.request.resend_count", last.attempt - 1);
      span.end();
    },
  };
}

/** One attempt: started at its measured start, ended now; a resend carries `http.request.resend_count`. */
function attemptSpan(tracer: Tracer, parent: Context, event: ApiAttemptEvent): void {
  const endTime = Date.now();
  const attributes = attemptAttributes(event);
  if (event.attempt > 1) attributes["http.request.resend_count"] = event.attempt - 1;
  if (event.replay) attributes["scope.request.replay_reason"] = "unauthorized";
  if (event.requestId !== undefined) attributes["scope.request.id"] = event.requestId;
  const span = tracer.startSpan(
    event.method,
    { kind: SpanKind.CLIENT, attributes, startTime: endTime - event.durationMs },
    parent,
  );
  const errorType = attributes["error.type"];
  if (typeof errorType === "string") fail(span, errorType);
  span.end(endTime);
}

/** Spans of token refreshes, one per credential in flight. */
export function tokenSpans(tracer: Tracer): (event: ClientEvent) => void {
  const open = new Map<string, Span>();
  return (event) => {
    if (event.type === "refresh_start") {
      open.get(event.credential)?.end();
      const [provider] = event.credential.split(":");
      open.set(
        event.credential,
        tracer.startSpan("token refresh", {
          kind: SpanKind.CLIENT,
          attributes: {
            "scope.auth.provider": provider ?? event.credential,
            "scope.auth.refresh_reason": event.reason,
            "scope.auth.background": event.background,
          },
        }),
      );
      return;
    }
    if (event.type !== "refresh_success" && event.type !== "refresh_failure") return;
    const span = open.get(event.credential);
    if (span === undefined) return;
    open.delete(event.credential);
    if (event.type === "refresh_failure") {
      const status = (event.error as { status?: unknown }).status;
      if (typeof status === "number") span.setAttribute("http.response.status_code", status);
      fail(span, event.error.name);
    }
    span.end();
  };
}

/** Marks a span failed with `error.type` (no message: it could quote a server's text). */
function fail(span: Span, errorType: string): void {
  span.setAttribute("error.type", errorType);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

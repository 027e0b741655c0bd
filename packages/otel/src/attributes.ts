/**
 * OpenTelemetry HTTP client semantic-convention attributes from the client's events. Only what the
 * events carry: method, path template, server, status, resend count, error type; never a header, a
 * query value, a token, a secret or a hash of it.
 */
import type { Attributes } from "@opentelemetry/api";
import type { ApiAttemptEvent, CallStart } from "@scope/auth-core";

/** `server.address` and `server.port` of an origin (the port defaulted from the scheme). */
export function serverAttributes(origin: string): Attributes {
  const url = new URL(origin);
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return { "server.address": url.hostname, "server.port": port };
}

/** The attributes of a logical call's span. */
export function callAttributes(call: CallStart): Attributes {
  return { "http.request.method": call.method, "url.template": call.path, ...serverAttributes(call.origin) };
}

/** `error.type` of an attempt: the status code as text from 400 on, else the error's name. */
export function attemptErrorType(event: Pick<ApiAttemptEvent, "status" | "error">): string | undefined {
  if (event.status !== undefined) return event.status >= 400 ? String(event.status) : undefined;
  return event.error ?? "_OTHER";
}

/** The attributes of one attempt's span (and of its duration measurement, without the resend count). */
export function attemptAttributes(event: ApiAttemptEvent): Attributes {
  const attributes: Attributes = {
    "http.request.method": event.method,
    "url.template": event.path,
    ...serverAttributes(event.origin),
  };
  if (event.status !== undefined) attributes["http.response.status_code"] = event.status;
  const errorType = attemptErrorType(event);
  if (errorType !== undefined) attributes["error.type"] = errorType;
  return attributes;
}

/**
 * Building ApiAttemptEvents from what the retrying fetch saw. Only runs when something listens: the
 * retrying fetch calls the observer only when the client has one (no cost on the plain hot path).
 */
import type { ApiAttemptEvent } from "./events.js";

/** What the retrying fetch reports after each attempt. */
export interface AttemptReport {
  /** The call's request (the replay's own for the 401 replay). */
  readonly request: Request;
  /** Upper-case HTTP method of the call. */
  readonly method: string;
  /** The OpenAPI path template of the call, e.g. `/v1/payments/{id}`; else the URL's path. */
  readonly path: string;
  /** 1 for the call's first attempt; retries and the 401 replay count on. */
  readonly attempt: number;
  /** When the attempt was sent, in epoch ms of the layer's clock. */
  readonly startedAt: number;
  /** When its response headers arrived or it failed, in epoch ms of the layer's clock. */
  readonly endedAt: number;
  /** The attempt's response, when one arrived (its body unread). */
  readonly response?: Response | undefined;
  /** Why the attempt got no response (network error, timeout, abort), when it did not. */
  readonly failure?: Error | undefined;
  /** Set when another attempt follows after this wait. */
  readonly retryWaitMs?: number | undefined;
}

/** Receives each attempt's report (built into an event by {@link attemptEvent}). */
export type AttemptObserver = (report: AttemptReport) => void;

const REPLAY = Symbol.for("scope.telemetry.replay");

/** Marks a request as the 401 replay of its call (its attempt event says `replay: true`). */
export function markReplay(request: Request): void {
  (request as { [REPLAY]?: true })[REPLAY] = true;
}

/** Whether the request was marked by {@link markReplay}. */
export function isReplay(request: Request): boolean {
  return (request as { [REPLAY]?: true })[REPLAY] === true;
}

const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id"] as const;

/** The response's request id from the usual headers, if any. */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/** The URL with every query value replaced by `***` (names kept), the fragment dropped. */
export function safeUrl(url: URL): string {
  if (url.search === "") return url.origin + url.pathname;
  const names = [...url.searchParams.keys()].map((name) => `${encodeURIComponent(name)}=***`);
  return `${url.origin}${url.pathname}?${names.join("&")}`;
}

/** The event for one attempt's report. */
export function attemptEvent(report: AttemptReport): ApiAttemptEvent {
  const url = new URL(report.request.url);
  const event: ApiAttemptEvent = {
    type: "api_attempt",
    method: report.method,
    path: report.path,
    origin: url.origin,
    url: safeUrl(url),
    attempt: report.attempt,
    durationMs: Math.max(0, report.endedAt - report.startedAt),
  };
  if (isReplay(report.request)) event.replay = true;
  const { response, failure } = report;
  if (response !== undefined) {
    event.status = response.status;
    const requestId = requestIdFromHeaders(response.headers);
    if (requestId !== undefined) event.requestId = requestId;
  } else if (failure !== undefined) {
    event.error = failure.name;
  }
  if (report.retryWaitMs !== undefined) {
    event.retryReason = response !== undefined ? `HTTP ${response.status}` : (failure?.name ?? "Error");
    event.retryWaitMs = report.retryWaitMs;
  }
  return event;
}

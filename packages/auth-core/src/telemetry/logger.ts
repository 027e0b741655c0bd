/**
 * Logging built on the event stream: each event becomes at most one line at its level. The logger is
 * console-compatible (`console`, pino and winston work as they are): it gets one string per line. Every
 * line goes through the same redaction as errors, so no secret reaches it even in a provider's text.
 */
import { redact } from "../errors.js";
import type { ClientEvent, ClientEventListener } from "./events.js";

/** A console-compatible logger: `console`, pino and winston loggers fit as they are. */
export interface Logger {
  /** Writes one `debug` line (one per API attempt, at `logLevel: "debug"`); the return value is ignored. */
  debug(message: string): unknown;
  /** Writes one `info` line; the return value is ignored. */
  info(message: string): unknown;
  /** Writes one `warn` line (the default `logLevel` writes `warn` and `error`); the return value is ignored. */
  warn(message: string): unknown;
  /** Writes one `error` line; the return value is ignored. */
  error(message: string): unknown;
}

/** How much a client logs: `off`, or the lowest level written. Default `warn`. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** The levels a line can have, from the most to the least severe. */
type LineLevel = Exclude<LogLevel, "off">;

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Whether a logger at `level` writes lines of `line`. */
export function logs(level: LogLevel, line: LineLevel): boolean {
  return RANK[level] >= RANK[line];
}

/** Whether `value` is a log level. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(RANK, value);
}

/**
 * The level from the environment, where the runtime has one (`globalThis.process.env`, read defensively:
 * no Node import, and a runtime that refuses env access is treated as having none): `<PROVIDER>_LOG`
 * (e.g. `DOLLR_LOG`) first, then `SCOPE_LOG`. Values other than a log level are ignored.
 */
export function envLogLevel(provider: string | undefined): LogLevel | undefined {
  const names = provider === undefined ? ["SCOPE_LOG"] : [`${provider.toUpperCase()}_LOG`, "SCOPE_LOG"];
  for (const name of names) {
    const value = readEnv(name)?.trim().toLowerCase();
    if (isLogLevel(value)) return value;
  }
  return undefined;
}

function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[name];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What a client's logging needs. */
export interface LogOptions {
  logger: Logger;
  level: LogLevel;
  /** Prefix of every line, e.g. `dollr`. */
  name: string;
  /** Values scrubbed as `***` from every line (the client secret's forms). */
  secrets: readonly string[];
}

/** An event listener that writes each event at or above the level as one line; undefined at `off`. */
export function logListener(options: LogOptions): ClientEventListener | undefined {
  const { logger, level, name, secrets } = options;
  if (level === "off") return undefined;
  return (event) => {
    // The level first: an event below it (a cache hit at `warn`) costs no text.
    const at = levelOf(event);
    if (!logs(level, at)) return;
    const method = logger[at];
    if (typeof method !== "function") return;
    method.call(logger, redact(`[${name}] ${textOf(event)}`, secrets));
  };
}

/** Levels of the events that are not `debug`; a function decides from the event's fields. */
const LEVELS: Partial<Record<ClientEvent["type"], LineLevel | ((event: never) => LineLevel)>> = {
  refresh_failure: (event: { willRetryInMs?: number }) => (event.willRetryInMs === undefined ? "error" : "warn"),
  invalidate: (event: { kept?: string }) => (event.kept === undefined ? "debug" : "warn"),
  retry_exhausted: "warn",
  retry_budget_empty: "warn",
  deadline: "warn",
  store_unavailable: "warn",
  refresh_abandoned: "warn",
  token_retry: "info",
  retry: "info",
  retry_skipped: "info",
  store_recovered: "info",
  cache_shared: "info",
};

/**
 * A line's text: an API attempt as a request/response line (`GET https://host/path?q=*** attempt 1 ->
 * HTTP 200 in 12 ms request-id=…`), any other event as its type and fields (`retry_exhausted GET /v1/x
 * attempts=3 status=503 reason=max_retries`; an error by its message).
 */
/** The level of an event's line. */
function levelOf(event: ClientEvent): LineLevel {
  const rule = LEVELS[event.type] as LineLevel | ((event: ClientEvent) => LineLevel) | undefined;
  return typeof rule === "function" ? rule(event) : (rule ?? "debug");
}

function textOf(event: ClientEvent): string {
  if (event.type === "api_attempt") {
    const outcome = event.status === undefined ? event.error : `HTTP ${event.status}`;
    let text = `${event.method} ${event.url} attempt ${event.attempt}${event.replay ? " (401 replay)" : ""} -> ${outcome} in ${Math.round(event.durationMs)} ms`;
    if (event.requestId !== undefined) text += ` request-id=${event.requestId}`;
    if (event.retryReason !== undefined) text += `; retry in ${event.retryWaitMs} ms`;
    return text;
  }
  let text: string = event.type;
  if ("method" in event) text += ` ${event.method} ${event.path}`;
  for (const [name, value] of Object.entries(event)) {
    if (name === "type" || name === "method" || name === "path") continue;
    text += ` ${name}=${value instanceof Error ? value.message : value}`;
  }
  return text;
}

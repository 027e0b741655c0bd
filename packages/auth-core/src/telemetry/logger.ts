/**
 * Logging built on the event stream: each event becomes at most one line at its level. The logger is
 * console-compatible (`console`, pino and winston work as they are): it gets one string per line. Every
 * line goes through the same redaction as errors, so no secret reaches it even in a provider's text.
 */
import { redact } from "../errors.js";
import type { ClientEvent, ClientEventListener } from "./events.js";

/** A console-compatible logger: `console`, pino and winston loggers fit as they are. */
export interface Logger {
  debug(message: string): unknown;
  info(message: string): unknown;
  warn(message: string): unknown;
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
    const line = lineOf(event);
    if (line === undefined || !logs(level, line[0])) return;
    const method = logger[line[0]];
    if (typeof method !== "function") return;
    method.call(logger, redact(`[${name}] ${line[1]}`, secrets));
  };
}

/** The level and text of an event's line. */
export function lineOf(event: ClientEvent): [LineLevel, string] | undefined {
  switch (event.type) {
    case "api_attempt": {
      const outcome = event.status === undefined ? (event.error ?? "error") : `HTTP ${event.status}`;
      const replay = event.replay ? " (401 replay)" : "";
      const id = event.requestId === undefined ? "" : ` request-id=${event.requestId}`;
      const retry = event.retryReason === undefined ? "" : `; retry in ${event.retryWaitMs} ms`;
      const text = `${event.method} ${event.url} attempt ${event.attempt}${replay} -> ${outcome} in ${Math.round(event.durationMs)} ms${id}${retry}`;
      return ["debug", text];
    }
    case "cache_hit":
    case "cache_miss":
    case "store_wait":
      return ["debug", `${event.type.replace("_", " ")} ${event.credential}`];
    case "refresh_start":
      return ["debug", `token refresh started for ${event.credential} (${event.reason})`];
    case "refresh_success":
      return ["debug", `token refreshed for ${event.credential} in ${Math.round(event.durationMs)} ms`];
    case "refresh_failure": {
      const later = event.willRetryInMs === undefined ? "" : `; old token kept, retry in ${event.willRetryInMs} ms`;
      const level: LineLevel = event.willRetryInMs === undefined ? "error" : "warn";
      return [level, `token refresh failed for ${event.credential}: ${event.error.message}${later}`];
    }
    case "token_retry":
      return ["info", `token request for ${event.credential} retried in ${event.delayMs} ms (${event.reason})`];
    case "invalidate":
      if (event.kept === "permission_denied")
        return ["warn", `401 with a fresh token for ${event.credential}: permission denied, token kept`];
      return ["debug", `token invalidated for ${event.credential} (${event.reason})`];
    case "store_unavailable":
      return ["warn", `token store ${event.operation} failed for ${event.credential}: ${event.error.message}`];
    case "store_recovered":
      return ["info", `token store recovered for ${event.credential}`];
    case "refresh_abandoned":
      return ["warn", `token refresh for ${event.credential} went silent for ${event.silentMs} ms; fetching here`];
    case "cache_shared":
      return ["info", `client shares the token cache of ${event.credential} with a different fetch`];
    case "retry":
      return ["info", `${event.method} ${event.path} retried in ${event.waitMs} ms (${resultOf(event)})`];
    case "retry_exhausted":
      return [
        "warn",
        `${event.method} ${event.path} not retried (${event.reason}) after ${event.attempts} attempts: ${resultOf(event)}`,
      ];
    case "retry_skipped":
      return ["info", `${event.method} ${event.path} not retried: no idempotency key (${resultOf(event)})`];
    case "retry_budget_empty":
      return ["warn", `retry budget of ${event.origin} is empty: retries stop until calls succeed again`];
    case "deadline":
      return [
        "warn",
        `${event.method} ${event.path} passed its ${event.deadlineMs} ms deadline after ${event.attempts} attempts`,
      ];
    default:
      return undefined;
  }
}

function resultOf(event: { status?: number; error?: string }): string {
  return event.status === undefined ? (event.error ?? "error") : `HTTP ${event.status}`;
}

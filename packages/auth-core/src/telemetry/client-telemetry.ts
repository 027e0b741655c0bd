/**
 * One client's telemetry, assembled from its options: the event listener every part of the client reports
 * to (the user's `onEvent`, the log lines, an instrumentation), the attempt observer (only when someone
 * wants `api_attempt` events) and the call scopes of an instrumentation.
 */
import { redact } from "../errors.js";
import { callOf } from "../resilience/call-state.js";
import { type AttemptObserver, attemptEvent } from "./attempt-events.js";
import type { ClientEvent, ClientEventListener } from "./events.js";
import type { CallEnd, CallScope, ClientInstrumentation } from "./instrumentation.js";
import { callListener } from "./listeners.js";
import { envLogLevel, type Logger, type LogLevel, logListener } from "./logger.js";

/** The telemetry options of a client (part of the tuning options). */
export interface TelemetryOptions {
  onEvent?: ClientEventListener | undefined;
  logger?: Logger | undefined;
  logLevel?: LogLevel | undefined;
  instrumentation?: ClientInstrumentation | undefined;
}

/** What the client's parts are given. */
export interface ClientTelemetry {
  /** Receives every event; undefined when nothing listens (then no event is built). */
  readonly listener: ClientEventListener | undefined;
  /** Whether anything wants the events of every call (`cache_hit`, `api_attempt`): not a log at `warn`. */
  readonly wantsEveryCall: boolean;
  /** Turns attempts into `api_attempt` events; undefined when nothing wants them. */
  readonly onAttempt: AttemptObserver | undefined;
  /** Starts the call scope of a request (after the resilience layer saw it); undefined without one. */
  readonly startCall: ((request: Request, path: string) => void) | undefined;
  /** Ends the call scope of a request, if it has one. */
  endCall(request: Request, outcome: CallEnd): void;
}

/**
 * Builds a client's telemetry. `name` prefixes log lines and picks the environment variable
 * (`<NAME>_LOG`, then `SCOPE_LOG`); `secrets` are scrubbed from every log line.
 */
export function createClientTelemetry(
  options: TelemetryOptions,
  name: string | undefined,
  secrets: readonly string[],
): ClientTelemetry {
  const level = options.logLevel ?? envLogLevel(name) ?? "warn";
  const logger = options.logger ?? (globalThis as { console?: Logger }).console;
  const log = logger === undefined ? undefined : logListener({ logger, level, name: name ?? "scope", secrets });
  const instrumentation = options.instrumentation;
  const listeners = [options.onEvent, log, instrumentation?.onEvent?.bind(instrumentation)].filter(
    (listener): listener is ClientEventListener => listener !== undefined,
  );
  const listener = fanOut(listeners);
  const scopes = new WeakMap<object, CallScope>();
  const keyOf = (request: Request): object => callOf(request) ?? request;
  const wantsAttempts = options.onEvent !== undefined || instrumentation !== undefined || level === "debug";
  const onAttempt: AttemptObserver | undefined =
    wantsAttempts && listener !== undefined
      ? (report) => {
          const event = attemptEvent(report);
          // A server may echo what it was sent (the secret) in its request id header.
          if (event.requestId !== undefined) event.requestId = redact(event.requestId, secrets);
          listener(event);
          const scope = scopes.get(keyOf(report.request));
          if (scope) guard(() => scope.attempt(event));
        }
      : undefined;
  const startScope = instrumentation?.startCall?.bind(instrumentation);
  const startCall =
    startScope === undefined
      ? undefined
      : (request: Request, path: string): void => {
          const scope = guard(() => startScope({ method: request.method, path, origin: new URL(request.url).origin }));
          if (scope) scopes.set(keyOf(request), scope);
        };
  return {
    listener,
    wantsEveryCall: wantsAttempts,
    onAttempt,
    startCall,
    endCall(request, outcome) {
      if (startCall === undefined) return;
      const key = keyOf(request);
      const scope = scopes.get(key);
      if (scope === undefined) return;
      scopes.delete(key);
      guard(() => scope.end(outcome));
    },
  };
}

/** One listener calling each of `listeners` safely; undefined for none. */
function fanOut(listeners: readonly ClientEventListener[]): ClientEventListener | undefined {
  if (listeners.length === 0) return undefined;
  if (listeners.length === 1) {
    const only = listeners[0] as ClientEventListener;
    return (event: ClientEvent) => callListener(only, event);
  }
  return (event: ClientEvent) => {
    for (const listener of listeners) callListener(listener, event);
  };
}

/** Runs an instrumentation hook; one that throws never breaks the call. */
function guard<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}

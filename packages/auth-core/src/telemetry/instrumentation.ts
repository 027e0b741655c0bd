/**
 * The hook tracing packages (such as `@scope/otel`) plug into a client: every event, plus a scope per
 * logical API call that sees the call's attempts and its end. auth-core calls it; it imports nothing.
 */
import type { ApiAttemptEvent, ClientEvent } from "./events.js";

/** What a call scope is told when its logical call starts. */
export interface CallStart {
  /** Upper-case HTTP method. */
  method: string;
  /** The OpenAPI path template. */
  path: string;
  /** The server's origin. */
  origin: string;
}

/** How a logical call ended: the final response's status, or the error the call rejected with. */
export interface CallEnd {
  /** HTTP status of the final response, when the call got one. */
  status?: number;
  /** What the call rejected with (e.g. a RequestTimeoutError or the caller's abort), when it failed. */
  error?: unknown;
}

/** One logical API call, as an instrumentation follows it. */
export interface CallScope {
  /** One attempt of the call ended (its `api_attempt` event, also sent to `onEvent`). */
  attempt(event: ApiAttemptEvent): void;
  /** The call ended (its response headers arrived, or it failed). Called once. */
  end(outcome: CallEnd): void;
}

/** A tracing plug-in of a client (the `instrumentation` option). */
export interface ClientInstrumentation {
  /** Receives every event of the client, as `onEvent` does. */
  onEvent?(event: ClientEvent): void;
  /** A logical API call starts (before its token is looked up); the scope follows it to its end. */
  startCall?(call: CallStart): CallScope | undefined;
}

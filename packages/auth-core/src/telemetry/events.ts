/**
 * The one event stream of a client: token lifecycle (AuthEvent), resilience decisions (ResilienceEvent)
 * and one event per API attempt (ApiAttemptEvent). A provider factory's `onEvent` receives all of them.
 */
import type { ResilienceEvent } from "../resilience/types.js";
import type { AuthEvent } from "../types.js";
import type { ListenerResult } from "./listeners.js";

/**
 * One HTTP attempt of an API call (each retry and the 401 replay are attempts of their own). Never carries
 * a token, a secret, a header value or a query value: `url` has every query value replaced by `***`.
 */
export interface ApiAttemptEvent {
  /** Always "api_attempt". */
  type: "api_attempt";
  /** Upper-case HTTP method. */
  method: string;
  /** The OpenAPI path template (openapi-fetch's `schemaPath`), e.g. `/v1/payments/{id}`; else the URL's path. */
  path: string;
  /** The server's origin, e.g. `https://api.heydollr.app`. */
  origin: string;
  /** The URL sent, with every query value replaced by `***`. */
  url: string;
  /** 1 for the first attempt of the call; retries and the 401 replay count on. */
  attempt: number;
  /** Set on the request replayed after a 401 with a fresh token. */
  replay?: true;
  /** Milliseconds from sending the attempt to its response headers (or its error). */
  durationMs: number;
  /** The response status, when there was a response. */
  status?: number;
  /** The error's name (e.g. `TypeError`, `RequestTimeoutError`), when there was no response. */
  error?: string;
  /** Why the attempt is retried (`HTTP 503`, or the error's name), only when another attempt follows. */
  retryReason?: string;
  /** Milliseconds waited before the retry, only when another attempt follows. */
  retryWaitMs?: number;
  /** The response's request id (`x-request-id`, `request-id` or `x-correlation-id`), when it sent one. */
  requestId?: string;
}

/** Every event a client emits, on one stream; narrow on `type`. */
export type ClientEvent = AuthEvent | ResilienceEvent | ApiAttemptEvent;

/**
 * Receives every event of a client; it may be async. A listener that throws, or returns a promise that
 * rejects, is ignored.
 */
export type ClientEventListener = (event: ClientEvent) => ListenerResult;

/**
 * createResilience: the middleware + fetch pair every provider client installs. The middleware
 * (registered before the auth middleware) decides each call's policy, idempotency key and deadline;
 * the fetch it wraps (below all middlewares) makes the attempts.
 */
import { defaultBodySerializer, type MiddlewareCallbackParams } from "openapi-fetch";
import type { AttemptObserver } from "../telemetry/attempt-events.js";
import { anySignal } from "../timers.js";
import { bodyKeyer } from "./body-idempotency.js";
import { bindCall, type CallDeadline, type CallState, type ReusableBody } from "./call-state.js";
import { FALLBACK_IDEMPOTENCY_HEADER, idempotencyTable, newIdempotencyKey } from "./idempotency.js";
import { overridePolicy, resolvePolicy } from "./policy.js";
import { requestOverrides } from "./request-options.js";
import { type AttemptFetch, createResilientFetch } from "./resilient-fetch.js";
import { sharedRetryBudget } from "./retry-budget.js";
import type { IdempotentOperation, ResilienceEventListener, ResilienceOptions } from "./types.js";

/** What createResilience needs. */
export interface ResilienceLayerOptions extends ResilienceOptions {
  /** The fetch that performs each attempt. */
  fetch: AttemptFetch;
  /** Operations that take an idempotency key (the generated `idempotentOperations`). */
  idempotentOperations?: readonly IdempotentOperation[];
  /** Time source in epoch ms (tests use fake time). Default `Date.now`. */
  now?: () => number;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Receives `retry`, `retry_exhausted`, `retry_skipped`, `retry_budget_empty` and `deadline` events (the
   * provider clients pass their top-level `onEvent`). A listener that throws or rejects is ignored.
   */
  onEvent?: ResilienceEventListener;
  /** Told about every attempt (the clients' `api_attempt` events); leave unset when nothing listens. */
  onAttempt?: AttemptObserver;
}

/**
 * What to install: `createClient({ fetch: layer.fetch, bodySerializer: layer.bodySerializer })`, then
 * `client.use(layer.middleware)` first. The serializer is optional: with it, a request body is never
 * copied unless an attempt must be repeated.
 */
export interface ResilienceLayer {
  /** Its onRequest never awaits: it returns the request to send on (or undefined to keep the given one). */
  readonly middleware: { onRequest(params: MiddlewareCallbackParams): Request | undefined };
  /** The fetch to give openapi-fetch: each call goes through retries, timeouts, the deadline and idempotency keys. */
  readonly fetch: AttemptFetch;
  /** openapi-fetch's default body serializer, remembering its output for the call's later attempts. */
  readonly bodySerializer: (body: unknown, headers?: Headers | Record<string, string>) => unknown;
}

/** Creates the resilience layer of one client. */
export function createResilience(options: ResilienceLayerOptions): ResilienceLayer {
  const now = options.now ?? (() => Date.now());
  const policy = resolvePolicy(options);
  const headerOf = idempotencyTable(options.idempotentOperations);
  const keyBody = bodyKeyer(options.idempotentOperations);
  const resilient = createResilientFetch(options.fetch, {
    policy,
    onEvent: options.onEvent,
    onAttempt: options.onAttempt,
    now,
    random: options.random ?? Math.random,
    budget: options.retryBudget === false ? undefined : sharedRetryBudget(options.retryBudget),
  });

  /** The body the serializer produced for the request openapi-fetch is building right now. */
  let serialized: ReusableBody | undefined;
  const forget = (): void => {
    serialized = undefined;
  };
  const bodySerializer = (body: unknown, headers?: Headers | Record<string, string>): unknown => {
    // openapi-fetch's default reads the content type from the headers (its .d.ts omits that parameter).
    const out: unknown = (defaultBodySerializer as (body: unknown, headers?: unknown) => unknown)(body, headers);
    serialized = isReusable(out) ? out : undefined;
    // Read synchronously by onRequest below (only for a request this serializer built); forgotten once
    // this turn ends, so a call that never reaches onRequest (a bad URL) holds no body past its turn.
    if (serialized !== undefined) queueMicrotask(forget);
    return out;
  };

  const middleware: ResilienceLayer["middleware"] = {
    onRequest({ request: given, schemaPath, options: used }) {
      // openapi-fetch builds the Request right after serializing and calls this middleware (the first)
      // without awaiting in between, so what the serializer saw last is this request's body, if this
      // request's serializer is ours (not a per-request one, after a call that never got here).
      const seen = given.body === null || used.bodySerializer !== bodySerializer ? undefined : serialized;
      serialized = undefined;
      const overrides = requestOverrides(given);
      const callPolicy = overridePolicy(policy, overrides);
      const method = given.method;
      // Only operations whose key is a JSON body field (Dollr's reference_id) get here a keyed body.
      const keyed = keyBody?.(given, schemaPath, seen, overrides?.idempotencyKey);
      const request = keyed?.request ?? given;
      const body = keyed ? keyed.body : seen;
      const idempotencyKey = keyed ? keyed.key : headerKey(request, headerOf(method, schemaPath), overrides);
      // The clock is read only for a call with a deadline: nothing else needs the start time.
      const deadline =
        callPolicy.deadlineMs === undefined ? undefined : newDeadline(callPolicy.deadlineMs, now(), resilient.keeper);
      // The token fetch and every attempt see the deadline through the request's signal.
      const callRequest =
        deadline === undefined
          ? request
          : // Never released: both sources are this call's own (the Request's signal, the deadline's).
            new Request(request, { signal: anySignal(request.signal, deadline.controller.signal).signal });
      const state: CallState = {
        method,
        path: schemaPath,
        policy: callPolicy,
        idempotencyKey,
        callerSignal: request.signal,
        ...(callRequest === request ? {} : { callerRequest: request }),
        deadline,
        attempts: 0,
        serialized: body,
        retryCost: 0,
      };
      bindCall(callRequest, state);
      // The call's first hold on its deadline (the token fetch is covered); its first attempt takes it over.
      if (deadline !== undefined) resilient.keeper.hold(state);
      return callRequest === given ? undefined : callRequest;
    },
  };
  return { middleware, fetch: resilient.fetch, bodySerializer };
}

/**
 * The idempotency key of a header-keyed call: the one the caller set, else (for a declared operation, or
 * when the caller asked through withResilience) a new one, set on the request.
 */
function headerKey(
  request: Request,
  declared: string | undefined,
  overrides: ReturnType<typeof requestOverrides>,
): string | undefined {
  const header = declared ?? FALLBACK_IDEMPOTENCY_HEADER;
  const existing = request.headers.get(header) ?? undefined;
  if (existing !== undefined || (overrides?.idempotencyKey === undefined && declared === undefined)) return existing;
  const key = overrides?.idempotencyKey ?? newIdempotencyKey();
  request.headers.set(header, key);
  return key;
}

/** A call's deadline, `ms` from `startedAt`, kept by `keeper`. */
function newDeadline(ms: number, startedAt: number, keeper: CallDeadline["keeper"]): CallDeadline {
  return {
    ms,
    startedAt,
    at: startedAt + ms,
    controller: new AbortController(),
    timer: undefined,
    holders: 0,
    fetched: false,
    keeper,
  };
}

function isReusable(value: unknown): value is ReusableBody {
  return (
    typeof value === "string" ||
    value instanceof ArrayBuffer ||
    value instanceof Blob ||
    value instanceof FormData ||
    value instanceof URLSearchParams
  );
}

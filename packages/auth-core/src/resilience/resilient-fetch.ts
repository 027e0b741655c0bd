/**
 * The retrying fetch: below every middleware, so each attempt carries exactly what the middlewares
 * produced (the bearer token, the idempotency key). It buffers the body once, retries network
 * errors, timeouts and the configured statuses when a repeat cannot cause a second effect, and
 * enforces the per-attempt timeout and the call's deadline. The caller's abort always wins.
 */
import { type CallState, callOf, keepBody, keptBody, type ReusableBody } from "./call-state.js";
import { DeadlineExceededError, RequestAbortedError, RequestTimeoutError } from "./errors.js";
import { FALLBACK_IDEMPOTENCY_HEADER, hashIdempotencyKey } from "./idempotency.js";
import { backoffMs, mayRepeat, type ResolvedPolicy, serverDelayMs } from "./policy.js";
import type { ResilienceEvent, ResilienceEventListener } from "./types.js";

/** A fetch as openapi-fetch calls it: the request, plus its `requestInitExt` (e.g. an undici dispatcher). */
export type AttemptFetch = (request: Request, init?: RequestInit) => Promise<Response>;

/** What the retrying fetch needs besides the fetch it wraps. */
export interface ResilientFetchContext {
  policy: ResolvedPolicy;
  onEvent: ResilienceEventListener | undefined;
  now: () => number;
  random: () => number;
}

type EventWithoutBase<T> = T extends unknown ? Omit<T, "method" | "path" | "idempotencyKeyHash"> : never;

/** The retrying fetch, and the deadline starter the middleware calls when a call begins. */
export interface ResilientFetch {
  fetch: AttemptFetch;
  /** Starts the deadline timer for the time the call has left (expiring at once when none is left). */
  armDeadline(state: CallState): void;
}

/** Wraps `fetch` with retries, timeouts and deadlines driven by each request's call state. */
export function createResilientFetch(fetch: AttemptFetch, context: ResilientFetchContext): ResilientFetch {
  const { now, random } = context;

  const emit = async (state: CallState, event: EventWithoutBase<ResilienceEvent>): Promise<void> => {
    const listener = context.onEvent;
    if (!listener) return;
    let idempotencyKeyHash: string | undefined;
    if (state.idempotencyKey !== undefined) {
      state.keyHash ??= hashIdempotencyKey(state.idempotencyKey);
      idempotencyKeyHash = await state.keyHash;
    }
    try {
      listener({
        ...event,
        method: state.method,
        path: state.path,
        ...(idempotencyKeyHash === undefined ? {} : { idempotencyKeyHash }),
      } as ResilienceEvent);
    } catch {
      // A throwing listener must not break the call.
    }
  };

  const defaultState = (request: Request): CallState => ({
    method: request.method,
    path: new URL(request.url).pathname,
    policy: context.policy,
    idempotencyKey: request.headers.get(FALLBACK_IDEMPOTENCY_HEADER) ?? undefined,
    callerSignal: request.signal,
    deadline: undefined,
    attempts: 0,
    serialized: undefined,
  });

  /** The error a failed attempt ends the call with when the caller or the deadline stopped it, else undefined. */
  const stopped = (state: CallState): Error | undefined => {
    if (state.callerSignal.aborted) {
      const { method, path, attempts } = state;
      return new RequestAbortedError({ method, path, attempts, cause: state.callerSignal.reason });
    }
    const deadline = state.deadline?.controller.signal;
    return deadline?.aborted ? (deadline.reason as Error) : undefined;
  };

  const armDeadline = (state: CallState): void => {
    const deadline = state.deadline;
    if (!deadline || deadline.timer !== undefined || deadline.controller.signal.aborted) return;
    const expire = (): void => {
      deadline.timer = undefined;
      const { method, path, attempts } = state;
      // The reason is the typed error, so whatever waits on the signal (the token fetch too) rejects with it.
      deadline.controller.abort(new DeadlineExceededError({ method, path, attempts, deadlineMs: deadline.ms }));
      void emit(state, { type: "deadline", attempts, deadlineMs: deadline.ms, elapsedMs: now() - deadline.startedAt });
    };
    const left = deadline.at - now();
    if (left <= 0) {
      expire();
      return;
    }
    deadline.timer = setTimeout(expire, left);
    unref(deadline.timer);
  };

  const resilientFetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    const state = callOf(request) ?? defaultState(request);
    const { policy, method, path } = state;
    armDeadline(state);
    try {
      let body = keptBody(request);
      // The first attempt can send the request itself when the body it carries is still unread and the
      // layer holds the serialized body for any later attempt: no copy on the happy path.
      let original = body === undefined && request.body !== null && state.serialized !== undefined && !request.bodyUsed;
      if (body === undefined && request.body !== null) {
        body = original ? (state.serialized as ReusableBody) : await request.arrayBuffer();
        keepBody(request, body);
      }
      for (let tries = 1; ; tries++) {
        const attempts = ++state.attempts;
        const attemptBody = original ? undefined : body;
        original = false;
        const attempt = startAttempt(request, attemptBody, policy.timeoutMs);
        const attemptRequest = attempt === undefined ? rebuilt(request, attemptBody) : attempt.request;
        let response: Response | undefined;
        let failure: Error | undefined;
        try {
          response = await (init === undefined ? fetch(attemptRequest) : fetch(attemptRequest, init));
        } catch (error) {
          const stop = stopped(state);
          if (stop) throw stop;
          failure = attempt?.timedOut()
            ? new RequestTimeoutError({ method, path, attempts, timeoutMs: policy.timeoutMs ?? 0, cause: error })
            : error instanceof Error
              ? error
              : new Error(String(error));
        } finally {
          attempt?.end();
        }
        if (response !== undefined && !policy.retryStatuses.has(response.status)) return response;
        const outcome = response === undefined ? { error: failure?.name ?? "Error" } : { status: response.status };
        const giveUp = (): Response => {
          if (response) return response;
          throw failure;
        };
        if (policy.maxRetries === 0) return giveUp();
        if (!mayRepeat(method, state.idempotencyKey !== undefined)) {
          await emit(state, { type: "retry_skipped", attempt: attempts, ...outcome, reason: "no_idempotency_key" });
          return giveUp();
        }
        if (tries > policy.maxRetries) {
          await emit(state, { type: "retry_exhausted", attempts, ...outcome, reason: "max_retries" });
          return giveUp();
        }
        const asked = response ? serverDelayMs(response.headers, now()) : undefined;
        if (asked !== undefined && asked > policy.maxRetryAfterMs) {
          await emit(state, { type: "retry_exhausted", attempts, ...outcome, reason: "retry_after_too_long" });
          return giveUp();
        }
        const waitMs = asked ?? backoffMs(policy, tries, random);
        if (state.deadline && now() + waitMs >= state.deadline.at) {
          await emit(state, { type: "retry_exhausted", attempts, ...outcome, reason: "deadline" });
          if (response) return response;
          // No answer and no time for another attempt: the deadline is why the call ends.
          throw new DeadlineExceededError({ method, path, attempts, deadlineMs: state.deadline.ms, cause: failure });
        }
        // The failed response's body is not needed: free its connection.
        response?.body?.cancel().catch(() => undefined);
        await emit(state, { type: "retry", attempt: attempts, ...outcome, waitMs });
        try {
          await wait(waitMs, request.signal);
        } catch (error) {
          throw stopped(state) ?? error;
        }
      }
    } finally {
      disarmDeadline(state);
    }
  };
  return { fetch: resilientFetch, armDeadline };
}

/**
 * The request of an attempt without a timeout: the request itself when it has no body (it can be sent
 * any number of times: no copy on the hot path), else a copy carrying the kept body.
 */
function rebuilt(request: Request, body: ReusableBody | undefined): Request {
  return body === undefined ? request : new Request(request, { body });
}

/**
 * One attempt with a timeout: its request (rebuilt from the kept body, unless `body` is undefined) on a
 * signal that also aborts when the attempt times out. `undefined` without a timeout.
 */
function startAttempt(
  request: Request,
  body: ReusableBody | undefined,
  timeoutMs: number | undefined,
): { request: Request; timedOut(): boolean; end(): void } | undefined {
  if (timeoutMs === undefined) return undefined;
  const controller = new AbortController();
  const outer = request.signal;
  const onOuterAbort = (): void => controller.abort(outer.reason);
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener("abort", onOuterAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException("The attempt timed out", "TimeoutError"));
  }, timeoutMs);
  unref(timer);
  return {
    request: new Request(
      request,
      body === undefined ? { signal: controller.signal } : { body, signal: controller.signal },
    ),
    timedOut: () => timedOut,
    // The caller's signal stays linked after the attempt: it must still abort the response body.
    end: () => clearTimeout(timer),
  };
}

/** Stops the deadline timer (re-armed if the call continues, e.g. on the 401 replay). */
function disarmDeadline(state: CallState): void {
  const deadline = state.deadline;
  if (deadline?.timer === undefined) return;
  clearTimeout(deadline.timer);
  deadline.timer = undefined;
}

/** Waits `ms` on a timer that keeps the process alive (the caller awaits it); rejects when `signal` aborts. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

function unref(timer: unknown): void {
  if (typeof timer === "object" && timer !== null && "unref" in timer && typeof timer.unref === "function") {
    timer.unref();
  }
}

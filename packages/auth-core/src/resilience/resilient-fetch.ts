/**
 * The retrying fetch: below every middleware, so each attempt carries exactly what the middlewares
 * produced (the bearer token, the idempotency key). It buffers the body once, retries network
 * errors, timeouts and the configured statuses when a repeat cannot cause a second effect, and
 * enforces the per-attempt timeout and the call's deadline (the response body's read included), and
 * spends the client's retry budget. The caller's abort always wins.
 */

import type { AttemptObserver } from "../telemetry/attempt-events.js";
import { callListener } from "../telemetry/listeners.js";
import { sleep, unrefTimer } from "../timers.js";
import {
  type CallDeadline,
  type CallState,
  callOf,
  type DeadlineKeeper,
  keepBody,
  keptBody,
  type ReusableBody,
} from "./call-state.js";
import { DeadlineExceededError, RequestAbortedError, RequestTimeoutError } from "./errors.js";
import { type GuardedBody, guardBody, hasNoBodyToRead } from "./guarded-body.js";
import { FALLBACK_IDEMPOTENCY_HEADER, hashIdempotencyKey } from "./idempotency.js";
import { backoffMs, mayRepeat, type ResolvedPolicy, serverDelayMs, serverWaitMs } from "./policy.js";
import type { RetryBudget } from "./retry-budget.js";
import type { ResilienceEvent, ResilienceEventListener } from "./types.js";

/** A fetch as openapi-fetch calls it: the request, plus its `requestInitExt` (e.g. an undici dispatcher). */
export type AttemptFetch = (request: Request, init?: RequestInit) => Promise<Response>;

/** What the retrying fetch needs besides the fetch it wraps. */
export interface ResilientFetchContext {
  policy: ResolvedPolicy;
  onEvent: ResilienceEventListener | undefined;
  now: () => number;
  random: () => number;
  /** The client's retry budget; undefined when turned off. */
  budget: RetryBudget | undefined;
  /** Told about every attempt (the client's `api_attempt` events); undefined when nothing listens. */
  onAttempt?: AttemptObserver | undefined;
}

type EventWithoutBase<T> = T extends unknown ? Omit<T, "method" | "path" | "idempotencyKeyHash"> : never;

/** The retrying fetch, and the keeper of the deadlines of the calls it serves. */
export interface ResilientFetch {
  fetch: AttemptFetch;
  /** Holds a call's deadline timer (armed for the time the call has left, expiring at once when none is left). */
  keeper: DeadlineKeeper;
}

/** One attempt's outcome: a response, or the error it ended with. */
interface Outcome {
  response: Response | undefined;
  failure: Error | undefined;
}

/** Wraps `fetch` with retries, timeouts and deadlines driven by each request's call state. */
export function createResilientFetch(fetch: AttemptFetch, context: ResilientFetchContext): ResilientFetch {
  const { now, random, budget, onAttempt } = context;
  const emit = eventEmitter(context.onEvent);

  const defaultState = (request: Request): CallState => ({
    method: request.method,
    path: new URL(request.url).pathname,
    policy: context.policy,
    idempotencyKey: request.headers.get(FALLBACK_IDEMPOTENCY_HEADER) ?? undefined,
    callerSignal: request.signal,
    deadline: undefined,
    attempts: 0,
    serialized: undefined,
    retryCost: 0,
  });

  const keeper = deadlineKeeper(now, emit);

  /** Hands the final response to the caller; with a deadline or a timeout, its body read stays covered. */
  const deliver = (state: CallState, response: Response, attempt: Attempt | undefined): Response => {
    const deadline = state.deadline;
    if (deadline === undefined && attempt === undefined) return response;
    if (hasNoBodyToRead(response, state.method)) {
      attempt?.end();
      return response;
    }
    const signal = deadline?.controller.signal;
    let guarded: GuardedBody | undefined;
    const onDeadline = (): void => guarded?.stop(signal?.reason as Error);
    const release = (): void => {
      attempt?.end();
      if (deadline === undefined) return;
      signal?.removeEventListener("abort", onDeadline);
      keeper.release(state);
    };
    if (deadline !== undefined) keeper.hold(state);
    guarded = guardBody(response, release);
    if (guarded === undefined) {
      release();
      return response;
    }
    if (signal?.aborted) onDeadline();
    else signal?.addEventListener("abort", onDeadline, { once: true });
    attempt?.onTimeout(() => {
      const { method, path, attempts } = state;
      guarded?.stop(new RequestTimeoutError({ method, path, attempts, timeoutMs: state.policy.timeoutMs ?? 0 }));
    });
    return guarded.response;
  };

  /** How long to wait before the next attempt, or undefined to end the call with what it has. */
  const planRetry = async (
    state: CallState,
    request: Request,
    tries: number,
    outcome: Outcome,
  ): Promise<number | undefined> => {
    const { policy, method, path, attempts } = state;
    const { response, failure } = outcome;
    const stop = stopped(state);
    if (stop) {
      response?.body?.cancel().catch(() => undefined);
      throw stop;
    }
    const result = response === undefined ? { error: failure?.name ?? "Error" } : { status: response.status };
    if (policy.maxRetries === 0) return undefined;
    if (!mayRepeat(method, state.idempotencyKey !== undefined)) {
      await emit(state, { type: "retry_skipped", attempt: attempts, ...result, reason: "no_idempotency_key" });
      return undefined;
    }
    if (tries > policy.maxRetries) {
      await emit(state, { type: "retry_exhausted", attempts, ...result, reason: "max_retries" });
      return undefined;
    }
    const asked = response ? serverDelayMs(response.headers, now()) : undefined;
    if (asked !== undefined && asked > policy.maxRetryAfterMs) {
      await emit(state, { type: "retry_exhausted", attempts, ...result, reason: "retry_after_too_long" });
      return undefined;
    }
    const waitMs = asked === undefined ? backoffMs(policy, tries, random) : serverWaitMs(policy, asked, tries, random);
    if (state.deadline && now() + waitMs >= state.deadline.at) {
      await emit(state, { type: "retry_exhausted", attempts, ...result, reason: "deadline" });
      if (response) return undefined;
      // No answer and no time for another attempt: the deadline is why the call ends.
      throw new DeadlineExceededError({ method, path, attempts, deadlineMs: state.deadline.ms, cause: failure });
    }
    if (budget !== undefined && !(await spendBudget(budget, state, request, failure, result))) return undefined;
    await emit(state, { type: "retry", attempt: attempts, ...result, waitMs });
    return waitMs;
  };

  /** Takes the retry's tokens from the origin's bucket; false (after the events) when it cannot pay. */
  const spendBudget = async (
    bucket: RetryBudget,
    state: CallState,
    request: Request,
    failure: Error | undefined,
    result: { status: number } | { error: string },
  ): Promise<boolean> => {
    const cost = failure instanceof RequestTimeoutError ? bucket.timeoutRetryCost : bucket.retryCost;
    const spent = bucket.spend(request.url, cost);
    if (spent === "spent") {
      state.retryCost = cost;
      return true;
    }
    if (spent === "ran_dry") {
      await emit(state, {
        type: "retry_budget_empty",
        origin: new URL(request.url).origin,
        capacity: bucket.capacity,
      });
    }
    await emit(state, { type: "retry_exhausted", attempts: state.attempts, ...result, reason: "retry_budget" });
    return false;
  };

  const resilientFetch = async (request: Request, init?: RequestInit): Promise<Response> => {
    const state = callOf(request) ?? defaultState(request);
    const { policy, method, path } = state;
    enter(state, keeper);
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
        const startedAt = onAttempt === undefined ? 0 : now();
        const observe = (retryWaitMs?: number): void =>
          onAttempt?.({
            request,
            method,
            path,
            attempt: attempts,
            startedAt,
            endedAt: now(),
            response,
            failure,
            retryWaitMs,
          });
        try {
          response = await (init === undefined ? fetch(attemptRequest) : fetch(attemptRequest, init));
        } catch (error) {
          attempt?.end();
          const stop = stopped(state);
          if (stop) {
            failure = stop;
            observe();
            throw stop;
          }
          failure = attempt?.timedOut()
            ? new RequestTimeoutError({ method, path, attempts, timeoutMs: policy.timeoutMs ?? 0, cause: error })
            : error instanceof Error
              ? error
              : new Error(String(error));
        }
        if (response !== undefined && !policy.retryStatuses.has(response.status)) {
          // A success puts retry tokens back; nothing to do (no URL parsed) while every bucket is full.
          if (budget !== undefined && budget.draining > 0) budget.refill(request.url, state.retryCost || 1);
          if (onAttempt !== undefined) observe();
          return deliver(state, response, attempt);
        }
        attempt?.end();
        let waitMs: number | undefined;
        try {
          waitMs = await planRetry(state, request, tries, { response, failure });
        } finally {
          if (onAttempt !== undefined) observe(waitMs);
        }
        if (waitMs === undefined) {
          if (response) return deliver(state, response, undefined);
          throw failure;
        }
        // The failed response's body is not needed: free its connection.
        response?.body?.cancel().catch(() => undefined);
        try {
          await sleep(waitMs, request.signal, true);
        } catch (error) {
          throw stopped(state) ?? error;
        }
      }
    } finally {
      keeper.release(state);
    }
  };
  return { fetch: resilientFetch, keeper };
}

/** The error a failed attempt ends the call with when the caller or the deadline stopped it, else undefined. */
function stopped(state: CallState): Error | undefined {
  if (state.callerSignal.aborted) {
    const { method, path, attempts } = state;
    return new RequestAbortedError({ method, path, attempts, cause: state.callerSignal.reason });
  }
  const deadline = state.deadline?.controller.signal;
  return deadline?.aborted ? (deadline.reason as Error) : undefined;
}

/** A resilient fetch starts: it holds the deadline (the call's first fetch takes over the call's first hold). */
function enter(state: CallState, keeper: DeadlineKeeper): void {
  const deadline = state.deadline;
  if (deadline === undefined) return;
  if (deadline.fetched) keeper.hold(state);
  else {
    deadline.fetched = true;
    if (deadline.holders === 0) keeper.hold(state);
  }
}

type Emit = (state: CallState, event: EventWithoutBase<ResilienceEvent>) => Promise<void>;

/** Sends events to the listener: one that throws, or returns a promise that rejects, never breaks the call. */
function eventEmitter(listener: ResilienceEventListener | undefined): Emit {
  return async (state, event) => {
    if (!listener) return;
    let idempotencyKeyHash: string | undefined;
    if (state.idempotencyKey !== undefined) {
      state.keyHash ??= hashIdempotencyKey(state.idempotencyKey);
      idempotencyKeyHash = await state.keyHash;
    }
    callListener(listener, {
      ...event,
      method: state.method,
      path: state.path,
      ...(idempotencyKeyHash === undefined ? {} : { idempotencyKeyHash }),
    } as ResilienceEvent);
  };
}

/**
 * Keeps each call's deadline timer armed while anything holds the call (see CallDeadline.holders); when
 * it fires, the deadline's signal aborts with the typed error and a `deadline` event goes out.
 */
function deadlineKeeper(now: () => number, emit: Emit): DeadlineKeeper {
  const arm = (state: CallState, deadline: CallDeadline): void => {
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
    unrefTimer(deadline.timer);
  };
  return {
    hold(state) {
      const deadline = state.deadline;
      if (deadline === undefined) return;
      deadline.holders++;
      if (deadline.timer === undefined && !deadline.controller.signal.aborted) arm(state, deadline);
    },
    release(state) {
      const deadline = state.deadline;
      if (deadline === undefined || --deadline.holders > 0) return;
      deadline.holders = 0;
      if (deadline.timer === undefined) return;
      clearTimeout(deadline.timer);
      deadline.timer = undefined;
    },
  };
}

/**
 * The request of an attempt without a timeout: the request itself when it has no body (it can be sent
 * any number of times: no copy on the hot path), else a copy carrying the kept body.
 */
function rebuilt(request: Request, body: ReusableBody | undefined): Request {
  return body === undefined ? request : new Request(request, { body });
}

/** One attempt with a timeout: its request, and its timer (which can outlive it to cover the body read). */
interface Attempt {
  readonly request: Request;
  timedOut(): boolean;
  /** Called (before the attempt's signal aborts) when the timeout passes while the body is read. */
  onTimeout(handler: () => void): void;
  end(): void;
}

/**
 * One attempt with a timeout: its request (rebuilt from the kept body, unless `body` is undefined) on a
 * signal that also aborts when the attempt times out. `undefined` without a timeout.
 */
function startAttempt(
  request: Request,
  body: ReusableBody | undefined,
  timeoutMs: number | undefined,
): Attempt | undefined {
  if (timeoutMs === undefined) return undefined;
  const controller = new AbortController();
  const outer = request.signal;
  const onOuterAbort = (): void => controller.abort(outer.reason);
  if (outer.aborted) controller.abort(outer.reason);
  else outer.addEventListener("abort", onOuterAbort, { once: true });
  let timedOut = false;
  let onTimeout: (() => void) | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    // The body's guard ends it with the typed error first; the abort then stops the transfer.
    onTimeout?.();
    controller.abort(new DOMException("The attempt timed out", "TimeoutError"));
  }, timeoutMs);
  unrefTimer(timer);
  return {
    request: new Request(
      request,
      body === undefined ? { signal: controller.signal } : { body, signal: controller.signal },
    ),
    timedOut: () => timedOut,
    onTimeout(handler) {
      onTimeout = handler;
    },
    // The caller's signal stays linked after the attempt: it must still abort the response body.
    end: () => clearTimeout(timer),
  };
}

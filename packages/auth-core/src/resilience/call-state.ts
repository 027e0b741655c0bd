/**
 * Per-call state shared by the resilience middleware, the retrying fetch and the auth middleware's
 * 401 replay: the policy, the idempotency key, the deadline, and ONE buffered copy of the body.
 * Everything hangs off the Request itself (symbol-keyed properties, cheaper per request than a
 * WeakMap), so nothing outlives the call on any path (a later middleware that throws, an abort, a
 * dropped response).
 */
import type { ResolvedPolicy } from "./policy.js";

/** The deadline of one call. */
export interface CallDeadline {
  readonly ms: number;
  /** Epoch ms (of the layer's clock) when the deadline passes. */
  readonly at: number;
  /** Epoch ms (of the layer's clock) when the call started. */
  readonly startedAt: number;
  readonly controller: AbortController;
  timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * What keeps the timer armed: the call before its first attempt, each running resilient fetch, each
   * response body not yet read to its end, the 401 replay's token wait. The timer stops at 0.
   */
  holders: number;
  /** Whether a resilient fetch took over the call's first hold. */
  fetched: boolean;
  /** Holds and releases the deadline (it arms the timer again when a hold comes after a release). */
  readonly keeper: DeadlineKeeper;
}

/** Keeps a call's deadline timer armed while anything of the call is still under way. */
export interface DeadlineKeeper {
  hold(state: CallState): void;
  release(state: CallState): void;
}

/** What the layer knows about one logical call. */
export interface CallState {
  readonly method: string;
  /** OpenAPI path template, or the URL's path when unknown. */
  readonly path: string;
  readonly policy: ResolvedPolicy;
  /** The idempotency key sent on every attempt and on the 401 replay (never reported, only hashed). */
  readonly idempotencyKey: string | undefined;
  /** The caller's own signal: its abort always wins and is never retried. */
  readonly callerSignal: AbortSignal;
  /**
   * The Request the caller's signal reached us through, when the layer replaced it (a deadline). Kept for
   * the call's life: Node links a Request's signal to the one it was built with only while that Request
   * lives, so without it the caller's abort could stop reaching `callerSignal` once the Request is GC'd.
   */
  readonly callerRequest?: Request;
  readonly deadline: CallDeadline | undefined;
  /** Attempts made so far, the 401 replay's included. */
  attempts: number;
  /** The body as openapi-fetch serialized it (a string, FormData...), when the layer saw it: reusable for every attempt. */
  serialized: ReusableBody | undefined;
  keyHash?: Promise<string>;
  /** Retry-budget tokens the call's last retry took (refunded when the call succeeds), 0 if it has not retried. */
  retryCost: number;
}

/** A body that can be sent any number of times. */
export type ReusableBody = string | ArrayBuffer | Blob | FormData | URLSearchParams;

/** Where a request carries its call's state and its one reusable body. */
const STATE = Symbol("scope.resilience.call");
const BODY = Symbol("scope.resilience.body");

interface Tagged {
  [STATE]?: CallState;
  [BODY]?: ReusableBody;
}

/** Links a request to its call's state. */
export function bindCall(request: Request, state: CallState): void {
  (request as Tagged)[STATE] = state;
}

/** The state of the call a request belongs to, if the resilience middleware saw it. */
export function callOf(request: Request): CallState | undefined {
  return (request as Tagged)[STATE];
}

/** Records the one reusable copy of a request's body, shared by retries and the 401 replay. */
export function keepBody(request: Request, body: ReusableBody): void {
  (request as Tagged)[BODY] = body;
}

/** The reusable body of a request (a 401 replay made by replayOf), if the layer already holds it. */
export function keptBody(request: Request): ReusableBody | undefined {
  return (request as Tagged)[BODY];
}

/**
 * Keeps the call's deadline running while the caller waits on something of the call between two
 * attempts (the 401 replay's token): returns the state to give to releaseCall, or undefined.
 */
export function holdCall(request: Request): CallState | undefined {
  const state = callOf(request);
  const deadline = state?.deadline;
  if (deadline === undefined) return undefined;
  deadline.keeper.hold(state as CallState);
  return state;
}

/** Ends a hold taken by holdCall. */
export function releaseCall(state: CallState): void {
  state.deadline?.keeper.release(state);
}

/**
 * Whether the resilience layer will buffer this request's body and can rebuild the request later
 * (then the auth middleware needs no clone of its own).
 */
export function sharesBody(request: Request): boolean {
  return (request as Tagged)[STATE] !== undefined;
}

/**
 * A fresh copy of a request that went through the resilient fetch: same URL, method, headers
 * (idempotency key included) and signal, its body rebuilt from the call's one buffered copy, and
 * bound to the same call (policy, key, deadline). `undefined` when the layer did not see the request.
 */
export function replayOf(request: Request, init: { headers?: Headers } = {}): Request | undefined {
  const state = callOf(request);
  const body = keptBody(request);
  if (state === undefined || (request.body !== null && body === undefined)) return undefined;
  const copy = new Request(request, {
    ...(body === undefined ? {} : { body }),
    ...(init.headers === undefined ? {} : { headers: init.headers }),
  });
  bindCall(copy, state);
  // The copy's attempts are built from the same bytes: nothing is read or copied again.
  if (body !== undefined) keepBody(copy, body);
  return copy;
}

import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";
import { credentialOfKey } from "./cache-key.js";
import { type CallState, callOf, holdCall, releaseCall, replayOf, sharesBody } from "./resilience/call-state.js";
import { RequestAbortedError } from "./resilience/errors.js";
import { markReplay } from "./telemetry/attempt-events.js";
import type { TokenCache, TokenCallContext } from "./token-cache.js";
import type { AuthEventListener } from "./types.js";

/** Options of createAuthMiddleware. */
export interface AuthMiddlewareOptions {
  /** The cache the token comes from (shared or per client). */
  tokenCache: TokenCache;
  /** The API's base URL: only requests to its origin get the token. */
  baseUrl: string;
  /** Operations that never get a token (method + OpenAPI path template, e.g. the token operation). */
  publicOperations?: readonly { method: string; path: string }[];
  /**
   * Receives an `invalidate` event (reason "unauthorized") for each 401 the middleware handles. The cache
   * reports the same decision to its own listener: give the listener to one of them, not both.
   */
  onEvent?: AuthEventListener;
  /**
   * What this client brings to every token lookup of a shared cache: its listener, its own token fetch
   * (so a refresh this client starts goes through its `fetch`) and its `waitUntil`.
   */
  callContext?: TokenCallContext;
}

/** A fetch as openapi-fetch calls it: the final request, plus its `requestInitExt` (e.g. a dispatcher). */
export type ClientFetch = (request: Request, init?: RequestInit) => Promise<Response>;

const BEARER = "Bearer ";

/**
 * The middleware, plus how many request clones it holds for a possible replay (0 when idle), and
 * `wrapFetch`, which moves the 401 replay into the client's fetch so it goes through the same path as the
 * first attempt (every later middleware's changes, openapi-fetch's `requestInitExt`) and the clone lives
 * only as long as the call: released on every path, even when a later middleware throws.
 */
export interface AuthMiddleware {
  /** Sets the token; returns a promise only when the cache must fetch one first. */
  onRequest(params: MiddlewareCallbackParams): Promise<undefined> | undefined;
  /** Handles a 401 when the client's fetch is not wrapped (removed by `wrapFetch`). */
  onResponse?: NonNullable<Middleware["onResponse"]>;
  /** Releases the replay copy when the client's fetch is not wrapped (removed by `wrapFetch`). */
  onError?: NonNullable<Middleware["onError"]>;
  /** How many request copies are held for a possible 401 replay right now (0 when idle). */
  readonly pendingReplays: number;
  /** Wraps the fetch given to `createClient` (`createClient({ fetch: auth.wrapFetch(fetch) })`). */
  wrapFetch(fetch: ClientFetch): ClientFetch;
}

/**
 * An openapi-fetch middleware: adds `Authorization: Bearer <token>` to requests for the base URL's origin
 * (except public operations) and, on a 401, drops that token, fetches a new one and replays the request once.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): AuthMiddleware {
  const { tokenCache } = options;
  const context = options.callContext;
  /** getToken options without a per-call object when the client brings no context (the common case). */
  const lookup = (signal: AbortSignal) => (context ? { ...context, signal } : { signal });
  const origin = new URL(options.baseUrl).origin;
  const originPrefix = `${origin}/`;
  /** Public operations by upper-case method, so the per-request check builds no strings. */
  const publicByMethod = new Map<string, Set<string>>();
  for (const op of options.publicOperations ?? []) {
    const method = op.method.toUpperCase();
    const paths = publicByMethod.get(method) ?? new Set<string>();
    paths.add(op.path);
    publicByMethod.set(method, paths);
  }
  const onOrigin = (url: string): boolean => url === origin || url.startsWith(originPrefix);
  const needsToken = (request: Request, schemaPath: string): boolean =>
    onOrigin(request.url) && publicByMethod.get(request.method)?.has(schemaPath) !== true;

  /** The last few tokens this middleware set: a request bearing one on our origin is ours (also one a later middleware re-created). */
  const recentTokens: string[] = [];
  /** Fallback without wrapFetch: clones taken in onRequest, held weakly (no leak whatever throws). */
  const fallbackCopies = new WeakMap<Request, Request>();
  let wrapped = false;
  let pending = 0;

  const remember = (token: string): void => {
    if (recentTokens[recentTokens.length - 1] === token) return;
    recentTokens.push(token);
    if (recentTokens.length > 4) recentTokens.shift();
  };
  const isOurs = (request: Request): boolean => {
    const token = bearerOf(request);
    return token !== undefined && onOrigin(request.url) && recentTokens.includes(token);
  };
  const report = (dropped: boolean): void => {
    if (!options.onEvent) return;
    const credential = tokenCache.credential ?? credentialOfKey(tokenCache.key);
    try {
      options.onEvent({ type: "invalidate", credential, reason: "unauthorized", dropped });
    } catch {
      // A throwing listener must not break the request.
    }
  };

  /**
   * Handles a 401 for a request that carried `usedToken`: returns the token to replay with, or undefined
   * when the 401 must go to the caller (a permission problem: the token was rejected right after a refresh).
   */
  async function tokenForReplay(usedToken: string, request: Request): Promise<string | undefined> {
    const dropped = await tokenCache.invalidate(usedToken, { reason: "unauthorized", onEvent: context?.onEvent });
    report(dropped);
    let token: string;
    try {
      token = (await tokenCache.getToken(lookup(request.signal))).accessToken;
    } catch (error) {
      throw abortedOr(request, callOf(request)?.path ?? new URL(request.url).pathname, error);
    }
    remember(token);
    // No newer token than the one refused (it is kept as a permission problem): nothing to replay with.
    return token === usedToken ? undefined : token;
  }

  async function replay(
    fetch: ClientFetch,
    copy: Request,
    token: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    copy.headers.set("Authorization", BEARER + token);
    markReplay(copy);
    const response = await (init === undefined ? fetch(copy) : fetch(copy, init));
    // A fresh token refused too: the API denies permission. Keep the token for further 401s.
    if (response.status === 401) tokenCache.reportRejected(token);
    return response;
  }

  const authorize = (request: Request, token: string): void => {
    request.headers.set("Authorization", BEARER + token);
    remember(token);
    if (!wrapped && request.body !== null) fallbackCopies.set(request, request.clone());
  };

  const middleware: AuthMiddleware = {
    get pendingReplays() {
      return pending;
    },

    wrapFetch(fetch: ClientFetch): ClientFetch {
      wrapped = true;
      // 401s are handled in the fetch from now on: openapi-fetch need not call (and await) a hook per response.
      delete middleware.onResponse;
      delete middleware.onError;
      return async (request, init) => {
        // Only a request of ours with a body the resilience layer does not buffer needs a clone for the replay.
        let copy = request.body === null || sharesBody(request) || !isOurs(request) ? undefined : request.clone();
        if (copy) pending++;
        let held: CallState | undefined;
        try {
          const response = await (init === undefined ? fetch(request) : fetch(request, init));
          const usedToken = response.status === 401 && isOurs(request) ? bearerOf(request) : undefined;
          if (usedToken === undefined) return response;
          // The call's deadline keeps running between the 401 and the replayed request.
          held = holdCall(request);
          const token = await tokenForReplay(usedToken, request);
          if (token === undefined) return response;
          // The 401's body is not needed any more: free its connection.
          response.body?.cancel().catch(() => undefined);
          let again: Request;
          if (copy) {
            again = copy;
            copy = undefined;
            pending--;
          } else {
            again = replayOf(request) ?? new Request(request);
          }
          return await replay(fetch, again, token, init);
        } finally {
          if (held) releaseCall(held);
          if (copy) {
            pending--;
            discard(copy);
          }
        }
      };
    },

    onRequest({ request, schemaPath }) {
      if (!needsToken(request, schemaPath)) return undefined;
      // A warm cache answers without a promise: the common request pays no await here.
      const ready = request.signal.aborted ? undefined : tokenCache.peekToken?.(context);
      if (ready) {
        authorize(request, ready.accessToken);
        return undefined;
      }
      return tokenCache.getToken(lookup(request.signal)).then(
        (token) => {
          authorize(request, token.accessToken);
          return undefined;
        },
        (error: unknown) => {
          throw abortedOr(request, schemaPath, error);
        },
      );
    },

    async onResponse({ request, response, options: clientOptions }) {
      const copy = fallbackCopies.get(request);
      fallbackCopies.delete(request);
      const usedToken = response.status === 401 && isOurs(request) ? bearerOf(request) : undefined;
      if (usedToken === undefined) {
        discard(copy);
        return undefined;
      }
      let token: string | undefined;
      const held = holdCall(request);
      try {
        try {
          token = await tokenForReplay(usedToken, request);
        } catch (error) {
          discard(copy);
          throw error;
        }
        if (token === undefined || (copy === undefined && request.bodyUsed)) {
          discard(copy);
          return undefined;
        }
        response.body?.cancel().catch(() => undefined);
        return await replay(clientOptions.fetch, copy ?? new Request(request), token, undefined);
      } finally {
        if (held) releaseCall(held);
      }
    },

    onError({ request }) {
      const copy = fallbackCopies.get(request);
      fallbackCopies.delete(request);
      discard(copy);
      return undefined;
    },
  };
  return middleware;
}

/**
 * What a failed token wait rejects with: `RequestAbortedError` when the caller aborted (the caller's
 * abort wins over the deadline), else the error itself (the deadline's typed error, a token error).
 */
function abortedOr(request: Request, path: string, error: unknown): unknown {
  const state = callOf(request);
  const caller = state?.callerSignal ?? request.signal;
  if (!caller.aborted) return error;
  return new RequestAbortedError({
    method: request.method,
    path,
    attempts: state?.attempts ?? 0,
    cause: caller.reason,
  });
}

function discard(copy: Request | undefined): void {
  copy?.body?.cancel().catch(() => undefined);
}

function bearerOf(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  return header?.startsWith(BEARER) ? header.slice(BEARER.length) : undefined;
}

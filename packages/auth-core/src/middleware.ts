import type { Middleware } from "openapi-fetch";
import type { TokenCache } from "./token-cache.js";
import type { AuthEventListener } from "./types.js";

/** Options of createAuthMiddleware. */
export interface AuthMiddlewareOptions {
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
}

const BEARER = "Bearer ";

/** The middleware, plus how many request clones it holds for a possible replay (0 when idle). */
export type AuthMiddleware = Middleware & { readonly pendingReplays: number };

/**
 * An openapi-fetch middleware: adds `Authorization: Bearer <token>` to requests for the base URL's origin
 * (except public operations) and, on a 401, drops that token, fetches a new one and replays the request once.
 */
export function createAuthMiddleware(options: AuthMiddlewareOptions): AuthMiddleware {
  const { tokenCache } = options;
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
  /** Clones of requests with a body, kept only until their response (or error) arrives. */
  const replayCopies = new Map<string, Request>();
  const needsToken = (request: Request, schemaPath: string): boolean =>
    (request.url === origin || request.url.startsWith(originPrefix)) &&
    publicByMethod.get(request.method)?.has(schemaPath) !== true;

  const release = (id: string): Request | undefined => {
    const copy = replayCopies.get(id);
    if (copy) replayCopies.delete(id);
    return copy;
  };
  const discard = (copy: Request | undefined): void => {
    copy?.body?.cancel().catch(() => undefined);
  };

  return {
    get pendingReplays() {
      return replayCopies.size;
    },

    async onRequest({ request, schemaPath, id }) {
      if (!needsToken(request, schemaPath)) return undefined;
      const token = await tokenCache.getToken({ signal: request.signal });
      request.headers.set("Authorization", BEARER + token.accessToken);
      if (request.body !== null) replayCopies.set(id, request.clone());
      return undefined;
    },

    async onResponse({ request, response, schemaPath, id, options: clientOptions }) {
      const copy = release(id);
      if (response.status !== 401) {
        discard(copy);
        return undefined;
      }
      const usedToken = needsToken(request, schemaPath) ? bearerOf(request) : undefined;
      if (usedToken === undefined) {
        discard(copy);
        return undefined;
      }
      const dropped = await tokenCache.invalidate(usedToken, { reason: "unauthorized" });
      if (options.onEvent) {
        try {
          options.onEvent({ type: "invalidate", key: tokenCache.key, reason: "unauthorized", dropped });
        } catch {
          // A throwing listener must not break the request.
        }
      }
      // The 401's body is not needed any more: free its connection whatever happens next.
      response.body?.cancel().catch(() => undefined);
      let token: string;
      try {
        token = (await tokenCache.getToken({ signal: request.signal })).accessToken;
      } catch (error) {
        discard(copy);
        throw error;
      }
      const replay = copy ?? new Request(request);
      replay.headers.set("Authorization", BEARER + token);
      return clientOptions.fetch(replay);
    },

    onError({ id }) {
      discard(release(id));
      return undefined;
    },
  };
}

function bearerOf(request: Request): string | undefined {
  const header = request.headers.get("authorization");
  return header?.startsWith(BEARER) ? header.slice(BEARER.length) : undefined;
}

/**
 * Provider-neutral assembly of an authenticated openapi-fetch client: token fetcher + token cache
 * + auth middleware from the auth-core tuning knobs, and a static-header variant for API keys.
 */
import type { Client, Middleware } from "openapi-fetch";
import { tokenCacheKey } from "./cache-key.js";
import { credentialSecrets, secretVariants, TokenRequestError } from "./errors.js";
import { type AuthMiddleware, type ClientFetch, createAuthMiddleware } from "./middleware.js";
import { createOpenApiClient } from "./openapi-client.js";
import { assertNotInBrowser, ClientOptionsError, type FetchLike } from "./option-schemas.js";
import { createResilience, type ResilienceLayer } from "./resilience/layer.js";
import { resetRetryBudgets } from "./resilience/retry-budget.js";
import type { IdempotentOperation, ResilienceOptions } from "./resilience/types.js";
import { type ClientTelemetry, createClientTelemetry, type TelemetryOptions } from "./telemetry/client-telemetry.js";
import type { ClientEventListener } from "./telemetry/events.js";
import { identificationHeaders, identify, sdkIdentity } from "./telemetry/identification.js";
import { callListener } from "./telemetry/listeners.js";
import { isCoordinated, STORE_COORDINATION, type StoreCoordinationFactory } from "./token/coordinated-store.js";
import {
  createResettableTokenCache,
  type ResettableTokenCache,
  type TokenCache,
  type TokenCallContext,
} from "./token-cache.js";
import { createTokenFetcher } from "./token-fetcher.js";
import type { AuthTuningOptions, TokenEndpoint, TokenOptions, TokenRequestOptions, TokenStore } from "./types.js";

/** One operation the middleware must leave unauthenticated. */
export interface OperationRef {
  /** HTTP method (any case). */
  readonly method: string;
  /** OpenAPI path template, e.g. `/v1/payments/{id}`. */
  readonly path: string;
}

/** What createClientCredentialsClient needs from a provider. */
export interface ClientCredentialsConfig<TSuccess> {
  /** The API's base URL: only requests to its origin get the token. */
  baseUrl: string;
  /** Absolute URL of the token endpoint (part of the cache key). */
  tokenUrl: string;
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret (only its hash enters the cache key). */
  clientSecret: string;
  /** The fetch every API and token request of this client goes through. */
  fetch: FetchLike;
  /** The auth-core tuning knobs the provider factory passed through. */
  tuning: AuthTuningOptions;
  /** The provider's token dialect. */
  endpoint: TokenEndpoint<TSuccess>;
  /** The spec's public operations plus the token operation. */
  publicOperations: readonly OperationRef[];
  /** Operations that take an idempotency key (the generated `idempotentOperations`). */
  idempotentOperations?: readonly IdempotentOperation[];
  /** The provider package's product token for `x-scope-sdk` / `User-Agent`, e.g. `scope-dollr/0.3.0`. */
  sdk?: string;
}

/**
 * Builds a Client<Paths> whose requests to the base URL's origin carry a cached bearer token; throws
 * ClientOptionsError in a browser unless `tuning.dangerouslyAllowBrowser` is true.
 */
export function createClientCredentialsClient<Paths extends {}, TSuccess>(
  config: ClientCredentialsConfig<TSuccess>,
): Client<Paths> {
  const { endpoint, baseUrl, fetch } = config;
  assertNotInBrowser(config.tuning.dangerouslyAllowBrowser);
  const key = tokenCacheKey({
    provider: endpoint.provider,
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });
  const telemetry = createClientTelemetry(
    config.tuning,
    endpoint.provider,
    credentialSecrets(config.clientId, config.clientSecret),
  );
  const lease = acquireTokenCache(key, config, telemetry.listener);
  const callContext = callContextOf(key, config, telemetry.listener);
  if (!telemetry.wantsEveryCall) callContext.reportHits = false;
  const middleware = createAuthMiddleware({
    tokenCache: lease.cache,
    baseUrl,
    publicOperations: config.publicOperations,
    callContext,
  });
  const resilience = resilienceLayer(fetch, config.tuning.resilience, config.idempotentOperations, telemetry);
  // Attempts (and the 401 replay) go through the resilience layer's fetch, below every middleware.
  const client = createOpenApiClient<Paths>({
    baseUrl,
    fetch: endingCalls(middleware.wrapFetch(resilience?.fetch ?? fetch), telemetry),
    ...(resilience ? { bodySerializer: resilience.bodySerializer } : {}),
  });
  // The resilience middleware runs first: the key and deadline exist before the token is fetched. Both
  // run as one middleware (one hook call per request instead of two). The cache reports invalidations
  // to onEvent itself, so the auth middleware gets no listener.
  const first = identified(
    resilience ? resilientThenAuthorized(resilience.middleware, middleware) : middleware,
    identificationHeaders(sdkIdentity(config.sdk)),
  );
  client.use(telemetry.startCall ? startingCalls(first, telemetry) : first);
  disposers.set(client, lease.release);
  return client;
}

/** One middleware running the resilience layer's onRequest, then the auth middleware's on the request it chose. */
function resilientThenAuthorized(resilience: ResilienceLayer["middleware"], auth: AuthMiddleware): Middleware {
  return {
    onRequest(params) {
      const replaced = resilience.onRequest(params);
      if (replaced === undefined) return auth.onRequest(params);
      const waiting = auth.onRequest({ ...params, request: replaced });
      return waiting === undefined ? replaced : waiting.then(() => replaced);
    },
  };
}

/**
 * Closes a client made by a provider factory: detaches it from its token cache and, when no other client
 * shares that cache, stops its background work, aborts an in-flight token request and releases a held
 * store lease. Later requests through the client fail with a TokenRequestError. Idempotent.
 */
export async function disposeClient(client: object): Promise<void> {
  const release = disposers.get(client);
  if (!release) return;
  disposers.delete(client);
  await release();
}

const disposers = new WeakMap<object, () => Promise<void>>();

/** Most token caches kept for sharing in one process; the least recently used beyond it is forgotten. */
const MAX_SHARED_CACHES = 500;

interface SharedCache {
  cache: TokenCache;
  /** Forgets the cache's tokens without disposing it (its clients keep working, the next call is cold). */
  clear(): void;
  /** Aborts a running refresh but keeps the token (the last client closed). */
  quiesce(): Promise<void>;
  clients: number;
  /** The fetch of the client that created the entry; a client with another one is told once. */
  fetch: FetchLike;
  toldAboutFetch: boolean;
}

/** Token caches shared by clients with the same credentials and the same token-affecting settings. */
const sharedCaches = new Map<string, SharedCache>();

/**
 * Forgets every process-wide shared token cache and the tokens they hold (for tests: the next call of any
 * client, including one built at module scope, starts cold). Never disposes: clients keep working.
 */
export async function resetSharedTokenCaches(): Promise<void> {
  resetRetryBudgets();
  const all = [...sharedCaches.values()];
  sharedCaches.clear();
  for (const entry of all) entry.clear();
}

/**
 * With an instrumentation: its call scope starts when a request passes the client's first middleware (the
 * resilience layer has bound the call; the token is not looked up yet) and ends with the token's failure.
 */
function startingCalls(first: Middleware, telemetry: ClientTelemetry): Middleware {
  const onRequest = first.onRequest as NonNullable<Middleware["onRequest"]>;
  return {
    ...first,
    onRequest(params) {
      const result = onRequest(params);
      if (result === undefined || result instanceof Request) {
        telemetry.startCall?.(result ?? params.request, params.schemaPath);
        return result;
      }
      // A token wait: the scope starts now (it covers the wait) and ends with the wait's failure.
      telemetry.startCall?.(params.request, params.schemaPath);
      return Promise.resolve(result).then(undefined, (error: unknown) => {
        telemetry.endCall(params.request, { error });
        throw error;
      });
    },
  };
}

/** With an instrumentation: the call scope ends when the call's final response (or error) comes back. */
function endingCalls(fetch: ClientFetch, telemetry: ClientTelemetry): ClientFetch {
  if (telemetry.startCall === undefined) return fetch;
  return async (request, init) => {
    try {
      const response = await (init === undefined ? fetch(request) : fetch(request, init));
      telemetry.endCall(request, { status: response.status });
      return response;
    } catch (error) {
      telemetry.endCall(request, { error });
      throw error;
    }
  };
}

/** The first middleware, setting the SDK identification headers on each request first. */
function identified(first: Middleware, headers: Record<string, string>): Middleware {
  const onRequest = first.onRequest as NonNullable<Middleware["onRequest"]>;
  return {
    ...first,
    onRequest(params) {
      identify(params.request, headers);
      return onRequest(params);
    },
  };
}

/** How events name a provider client's credentials: provider and client id (never the secret's hash). */
function credentialOf<TSuccess>(config: ClientCredentialsConfig<TSuccess>): string {
  return `${config.endpoint.provider}:${config.clientId}`;
}

/** What each call of this client brings to the (possibly shared) cache: its own fetch, listener and waitUntil. */
function callContextOf<TSuccess>(
  _key: string,
  config: ClientCredentialsConfig<TSuccess>,
  onEvent: ClientEventListener | undefined,
): TokenCallContext {
  const { token, clock, waitUntil } = config.tuning;
  // The shared path always scrubs the client secret, whatever the dialect's own redact list says.
  const fetchToken = createTokenFetcher(
    config.endpoint,
    defined({
      credential: credentialOf(config),
      tokenUrl: config.tokenUrl,
      headers: identificationHeaders(sdkIdentity(config.sdk)),
      ...requestKnobs(token),
      clock,
      redact: credentialSecrets(config.clientId, config.clientSecret),
    }),
  );
  return defined({ fetchToken, onEvent, waitUntil });
}

function acquireTokenCache<TSuccess>(
  key: string,
  config: ClientCredentialsConfig<TSuccess>,
  onEvent: ClientEventListener | undefined,
): { cache: TokenCache; release(): Promise<void> } {
  const { tuning } = config;
  if (tuning.tokenCacheScope === "client") {
    const cache = buildTokenCache(key, config).cache;
    return { cache, release: () => cache.dispose() };
  }
  const identity = shareIdentity(key, config);
  let entry = sharedCaches.get(identity);
  if (entry) {
    sharedCaches.delete(identity); // re-insert: most recently used last
    tellAboutSharedFetch(entry, config, onEvent);
  } else {
    entry = { ...buildTokenCache(key, config), clients: 0, fetch: config.fetch, toldAboutFetch: false };
    if (sharedCaches.size >= MAX_SHARED_CACHES) {
      const oldest = sharedCaches.keys().next().value;
      if (oldest !== undefined) sharedCaches.delete(oldest); // its clients keep using it; new ones start fresh
    }
  }
  sharedCaches.set(identity, entry);
  entry.clients++;
  const shared = entry;
  let released = false;
  return {
    // This client's view: it refuses calls once this client is closed, whatever other clients do.
    cache: closableView(shared.cache, () => released),
    async release() {
      if (released) return;
      released = true;
      shared.clients--;
      // The last client closed: stop a running refresh (and its lease), but keep the token for the next
      // client with the same credentials (a handler that builds and disposes a client per request).
      if (shared.clients === 0) await shared.quiesce();
    },
  };
}

/** A client's view of a shared cache: the same cache, refusing calls once `closed()`. */
function closableView(cache: TokenCache, closed: () => boolean): TokenCache {
  const refuse = (): Promise<never> =>
    Promise.reject(new TokenRequestError("token cache was disposed (the client was closed)", {}));
  const view: TokenCache = {
    key: cache.key,
    ...(cache.credential === undefined ? {} : { credential: cache.credential }),
    getToken: (options) => (closed() ? refuse() : cache.getToken(options)),
    invalidate: (accessToken, options) => cache.invalidate(accessToken, options),
    reportRejected: (accessToken) => cache.reportRejected(accessToken),
    dispose: async () => undefined,
  };
  // Not enumerable, like the cache's own (see TokenCache.peekToken).
  Object.defineProperty(view, "peekToken", {
    value: (context?: TokenCallContext) => (closed() ? undefined : cache.peekToken?.(context)),
    enumerable: false,
  });
  return view;
}

/**
 * A client joining a shared cache with a different fetch than its creator's: each client sends the token
 * requests it starts through its own fetch, but uses tokens another client's fetch obtained. Said once per
 * cache (a `cache_shared` event to the joining client's listener), never silently.
 */
function tellAboutSharedFetch<TSuccess>(
  entry: SharedCache,
  config: ClientCredentialsConfig<TSuccess>,
  onEvent: ClientEventListener | undefined,
) {
  if (entry.toldAboutFetch || entry.fetch === config.fetch) return;
  entry.toldAboutFetch = true;
  callListener(onEvent, { type: "cache_shared", credential: credentialOf(config), difference: "fetch" });
}

function buildTokenCache<TSuccess>(key: string, config: ClientCredentialsConfig<TSuccess>): ResettableTokenCache {
  const { tokenStore, clock, token = {} } = config.tuning;
  const { refreshWindow, negativeCacheMs, lockLeaseMs } = token;
  const lockWaitMs = worstCaseFetchMs(token) + (lockLeaseMs ?? DEFAULT_LOCK_LEASE_MS);
  return createResettableTokenCache(
    defined({
      key,
      credential: credentialOf(config),
      // Every call brings its own client's fetch (callContextOf); this one serves direct getToken() calls.
      fetchToken: callContextOf(key, config, undefined).fetchToken ?? unreachableFetch,
      store: tokenStore,
      clock,
      refreshWindow,
      negativeCacheMs,
      lockLeaseMs,
      lockWaitMs,
    }),
    tokenStore ? coordinationOf(tokenStore) : undefined,
  );
}

/** The coordination a store carries (the shipped stores do; a custom one is wrapped with coordinatedTokenStore). */
function coordinationOf(store: TokenStore): StoreCoordinationFactory {
  if (isCoordinated(store)) return store[STORE_COORDINATION];
  throw new ClientOptionsError(
    'tokenStore: a custom TokenStore must be wrapped with coordinatedTokenStore(store) from "@scope/auth-core"',
    "tokenStore",
  );
}

const unreachableFetch = (): never => {
  throw new TypeError("no token fetch");
};

const DEFAULT_LOCK_LEASE_MS = 15_000;

/** The longest one token fetch can take with these settings: every attempt times out, every wait is maximal. */
function worstCaseFetchMs(token: TokenRequestOptions): number {
  const attempts = (token.maxRetries ?? 3) + 1;
  const wait = Math.max(token.maxDelayMs ?? 8_000, token.maxRetryAfterMs ?? 60_000);
  return attempts * (token.timeoutMs ?? 10_000) + (attempts - 1) * wait;
}

/** The token request's knobs, by name (nothing else of `token` reaches the fetcher's options). */
function requestKnobs(token: TokenOptions | undefined): TokenRequestOptions {
  const { maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, timeoutMs } = token ?? {};
  return defined({ maxRetries, baseDelayMs, maxDelayMs, maxRetryAfterMs, timeoutMs });
}

/**
 * What two clients must have in common to share a cache: what changes the token or where it is kept: the
 * credentials and token URL (the hashed cache key), the store and clock objects, and the cache's own
 * tuning. Not the fetch or the listener: each call brings its client's own (a client per request with an
 * inline `fetch` wrapper or `onEvent` still shares one token).
 */
function shareIdentity<TSuccess>(key: string, config: ClientCredentialsConfig<TSuccess>): string {
  const { tokenStore, clock, token } = config.tuning;
  const { refreshWindow, negativeCacheMs, lockLeaseMs } = token ?? {};
  const objects = [tokenStore, clock].map(identityOf).join(",");
  const numbers = JSON.stringify([refreshWindow, negativeCacheMs, lockLeaseMs]);
  return `${key}#${objects}#${numbers}`;
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

function identityOf(value: object | undefined): number {
  if (value === undefined) return 0;
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}

/**
 * Builds a Client<Paths> that sends one static header (an API key) to the base URL's origin only;
 * throws ClientOptionsError in a browser unless `dangerouslyAllowBrowser` is true.
 */
export function createStaticHeaderClient<Paths extends {}>(config: {
  baseUrl: string;
  fetch: FetchLike;
  header: string;
  value: string;
  dangerouslyAllowBrowser?: boolean | undefined;
  resilience?: ResilienceOptions | false | undefined;
  idempotentOperations?: readonly IdempotentOperation[];
  /** The client's `onEvent`, `logger`, `logLevel` and `instrumentation` (the tuning options). */
  telemetry?: TelemetryOptions | undefined;
  /** Provider name: log lines' prefix and the `<PROVIDER>_LOG` environment variable. */
  provider?: string | undefined;
  /** The provider package's product token for `x-scope-sdk` / `User-Agent`, e.g. `scope-duro/0.3.0`. */
  sdk?: string | undefined;
}): Client<Paths> {
  assertNotInBrowser(config.dangerouslyAllowBrowser);
  const origin = new URL(config.baseUrl).origin;
  const telemetry = createClientTelemetry(config.telemetry ?? {}, config.provider, secretVariants(config.value));
  const headers = identificationHeaders(sdkIdentity(config.sdk));
  const middleware: Middleware = {
    onRequest({ request }) {
      identify(request, headers);
      if (new URL(request.url).origin === origin) request.headers.set(config.header, config.value);
      return undefined;
    },
  };
  const resilience = resilienceLayer(config.fetch, config.resilience, config.idempotentOperations, telemetry);
  const client = createOpenApiClient<Paths>({
    baseUrl: config.baseUrl,
    fetch: endingCalls(resilience?.fetch ?? config.fetch, telemetry),
    ...(resilience ? { bodySerializer: resilience.bodySerializer } : {}),
  });
  if (resilience)
    client.use(telemetry.startCall ? startingCalls(resilience.middleware, telemetry) : resilience.middleware);
  client.use(middleware);
  return client;
}

/** The resilience layer every provider client installs, unless `resilience` is `false`; it reports to `telemetry`. */
function resilienceLayer(
  fetch: FetchLike,
  options: ResilienceOptions | false | undefined,
  idempotentOperations: readonly IdempotentOperation[] | undefined,
  telemetry: ClientTelemetry,
): ResilienceLayer | undefined {
  if (options === false) return undefined;
  return createResilience({
    ...options,
    fetch,
    ...(idempotentOperations === undefined ? {} : { idempotentOperations }),
    ...(telemetry.listener === undefined ? {} : { onEvent: telemetry.listener }),
    ...(telemetry.onAttempt === undefined ? {} : { onAttempt: telemetry.onAttempt }),
  });
}

/** Drops undefined fields (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

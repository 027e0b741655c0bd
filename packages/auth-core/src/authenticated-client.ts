/**
 * Provider-neutral assembly of an authenticated openapi-fetch client: token fetcher + token cache
 * + auth middleware from the auth-core tuning knobs, and a static-header variant for API keys.
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { tokenCacheKey } from "./cache-key.js";
import { createAuthMiddleware } from "./middleware.js";
import type { FetchLike } from "./option-schemas.js";
import { createResilience } from "./resilience/layer.js";
import type { IdempotentOperation, ResilienceOptions } from "./resilience/types.js";
import { createTokenCache } from "./token-cache.js";
import { createTokenFetcher } from "./token-fetcher.js";
import type { AuthTuningOptions, TokenEndpoint } from "./types.js";

/** One operation the middleware must leave unauthenticated. */
export interface OperationRef {
  readonly method: string;
  readonly path: string;
}

/** What createClientCredentialsClient needs from a provider. */
export interface ClientCredentialsConfig<TSuccess> {
  baseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
  tuning: AuthTuningOptions;
  endpoint: TokenEndpoint<TSuccess>;
  /** The spec's public operations plus the token operation. */
  publicOperations: readonly OperationRef[];
  /** Operations that take an idempotency key (the generated `idempotentOperations`). */
  idempotentOperations?: readonly IdempotentOperation[];
}

/** Builds a Client<Paths> whose requests to the base URL's origin carry a cached bearer token. */
export function createClientCredentialsClient<Paths extends {}, TSuccess>(
  config: ClientCredentialsConfig<TSuccess>,
): Client<Paths> {
  const { endpoint, baseUrl, fetch, tuning } = config;
  const key = tokenCacheKey({
    provider: endpoint.provider,
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  });
  const { tokenStore, onEvent, clock, refreshWindow, retry, timeoutMs, negativeCacheMs, lockLeaseMs } = tuning;
  const fetchToken = createTokenFetcher(endpoint, defined({ key, retry, timeoutMs, clock, onEvent }));
  const tokenCache = createTokenCache(
    defined({ key, fetchToken, store: tokenStore, clock, refreshWindow, negativeCacheMs, onEvent, lockLeaseMs }),
  );
  const client = resilientClient<Paths>(baseUrl, fetch, tuning.resilience, config.idempotentOperations);
  // The cache reports invalidations to onEvent itself, so the middleware gets no listener.
  client.use(createAuthMiddleware({ tokenCache, baseUrl, publicOperations: config.publicOperations }));
  return client;
}

/** Builds a Client<Paths> that sends one static header (an API key) to the base URL's origin only. */
export function createStaticHeaderClient<Paths extends {}>(config: {
  baseUrl: string;
  fetch: FetchLike;
  header: string;
  value: string;
  resilience?: ResilienceOptions | false | undefined;
  idempotentOperations?: readonly IdempotentOperation[];
}): Client<Paths> {
  const origin = new URL(config.baseUrl).origin;
  const middleware: Middleware = {
    onRequest({ request }) {
      if (new URL(request.url).origin === origin) request.headers.set(config.header, config.value);
      return undefined;
    },
  };
  const client = resilientClient<Paths>(config.baseUrl, config.fetch, config.resilience, config.idempotentOperations);
  client.use(middleware);
  return client;
}

/**
 * An openapi-fetch client with the resilience layer installed first (unless `resilience` is false):
 * its middleware runs before any other, its fetch below all of them.
 */
function resilientClient<Paths extends {}>(
  baseUrl: string,
  fetch: FetchLike,
  resilience: ResilienceOptions | false | undefined,
  idempotentOperations: readonly IdempotentOperation[] | undefined,
): Client<Paths> {
  if (resilience === false) return createClient<Paths>({ baseUrl, fetch });
  const layer = createResilience({
    ...resilience,
    fetch,
    ...(idempotentOperations === undefined ? {} : { idempotentOperations }),
  });
  const client = createClient<Paths>({ baseUrl, fetch: layer.fetch });
  client.use(layer.middleware);
  return client;
}

/** Drops undefined fields (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Our clients, built exactly as a user builds them. */
import {
  createAuthMiddleware,
  createTokenCache,
  createTokenFetcher,
  type RefreshWindowOptions,
  type TokenEndpoint,
} from "@scope/auth-core";
import { createDollrClient } from "@scope/dollr";
import createClient from "openapi-fetch";
import { z } from "zod";
import { type BenchClient, type BenchPaths, TOKEN_PATH } from "./baselines.js";

const CREDENTIALS = { clientId: "bench-client", clientSecret: "bench-secret-value" };

/** (c) `createDollrClient` pointed at the bench server (Dollr's dialect: lifetimes in minutes). */
export function createOurProviderClient(baseUrl: string, fetchImpl: typeof fetch = globalThis.fetch): BenchClient {
  // The vendored Dollr document has only its token operation; the benchmark route is typed separately.
  return createDollrClient({ ...CREDENTIALS, baseUrl, fetch: fetchImpl }) as unknown as BenchClient;
}

const tokenBody = z.object({ access_token: z.string(), expires_in: z.number() });

/**
 * auth-core's cache + middleware on a plain openapi-fetch client, with a seconds-based token endpoint
 * (what every provider client wraps); used where a lifetime of one second is needed.
 */
export function createOurCoreClient(
  baseUrl: string,
  fetchImpl: typeof fetch = globalThis.fetch,
  refreshWindow?: RefreshWindowOptions,
): BenchClient {
  const endpoint: TokenEndpoint<z.infer<typeof tokenBody>> = {
    provider: "bench",
    send: ({ signal }) =>
      fetchImpl(`${baseUrl}${TOKEN_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ grant_type: "client_credentials", client_id: "cid_bench", client_secret: "bench" }),
        signal,
      }),
    successStatus: [200],
    schema: tokenBody,
    toToken: (body) => ({ accessToken: body.access_token, expiresInMs: body.expires_in * 1000 }),
  };
  const tokenCache = createTokenCache({
    key: "bench",
    fetchToken: createTokenFetcher(endpoint),
    ...(refreshWindow ? { refreshWindow } : {}),
  });
  const client = createClient<BenchPaths>({ baseUrl, fetch: fetchImpl });
  client.use(createAuthMiddleware({ tokenCache, baseUrl, publicOperations: [{ method: "POST", path: TOKEN_PATH }] }));
  return client;
}

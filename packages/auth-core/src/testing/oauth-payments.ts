/**
 * Test support (not exported): the payments API behind createClientCredentialsClient, as a provider
 * client builds it (resilience layer + auth middleware), with its token endpoint on msw.
 */
import { delay, type HttpHandler, HttpResponse, http } from "msw";
import { createClientCredentialsClient } from "../authenticated-client.js";
import type { ResilienceEvent, ResilienceOptions } from "../resilience/types.js";
import { formEndpoint } from "./endpoint.js";
import { BASE } from "./payments-api.js";
import { type paths, paymentsIdempotentOperations } from "./payments-paths.js";

export const TOKEN_URL = "https://auth.payments.test/oauth/token";

/** A token endpoint issuing token-1, token-2, ...; `latencyMs[n]` delays the n-th answer (0-based). */
export function tokenEndpoint(server: { use(...handlers: HttpHandler[]): void }, latencyMs: readonly number[] = []) {
  let issued = 0;
  server.use(
    http.post(TOKEN_URL, async () => {
      const wait = latencyMs[issued] ?? 0;
      issued += 1;
      const token = `token-${issued}`;
      if (wait > 0) await delay(wait);
      return HttpResponse.json({ access_token: token, expires_in: 3600 });
    }),
  );
  return { issued: () => issued };
}

/** createClientCredentialsClient for the payments API; every resilience event lands in `events`. */
export function oauthPaymentsClient(
  resilience: ResilienceOptions = {},
  options: { fetch?: (request: Request) => Promise<Response> } = {},
) {
  const events: ResilienceEvent[] = [];
  const client = createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: "s3cret",
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    tuning: {
      tokenCacheScope: "client",
      resilience: { onEvent: (event: ResilienceEvent) => events.push(event), ...resilience },
    },
    endpoint: formEndpoint(TOKEN_URL) as never,
    publicOperations: [],
    idempotentOperations: paymentsIdempotentOperations,
  });
  return { client, events };
}

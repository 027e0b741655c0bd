/**
 * Test support (not exported): the payments API behind createClientCredentialsClient, as a provider
 * client builds it (resilience layer + auth middleware), with its token endpoint on msw.
 */
import { delay, type HttpHandler, HttpResponse, http } from "msw";
import { createClientCredentialsClient } from "../authenticated-client.js";
import type { ResilienceEvent, ResilienceOptions } from "../resilience/types.js";
import type { ClientEvent, ClientEventListener } from "../telemetry/events.js";
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
  options: { fetch?: (request: Request) => Promise<Response>; onEvent?: ClientEventListener } = {},
) {
  const events: ResilienceEvent[] = [];
  const collect = resilienceEventsInto(events);
  const listener = options.onEvent;
  const client = createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: "s3cret",
    fetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    tuning: {
      tokenCacheScope: "client",
      onEvent: listener
        ? (event) => {
            collect(event);
            return listener(event);
          }
        : collect,
      resilience: { ...resilience },
    },
    endpoint: formEndpoint(TOKEN_URL) as never,
    publicOperations: [],
    idempotentOperations: paymentsIdempotentOperations,
  });
  return { client, events };
}

/** A client listener that keeps only the resilience layer's events (in `events`). */
export function resilienceEventsInto(events: ResilienceEvent[]): (event: ClientEvent) => void {
  return (event) => {
    if (event.type !== "api_attempt" && "method" in event) events.push(event);
  };
}

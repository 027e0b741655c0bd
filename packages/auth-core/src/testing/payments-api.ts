/** Test support (not exported): a payments client with the resilience layer, against msw + MockApiFaults. */
import { type HttpHandler, HttpResponse, http } from "msw";
import createClient from "openapi-fetch";
import { createResilience } from "../resilience/layer.js";
import type { ResilienceEvent, ResilienceOptions } from "../resilience/types.js";
import { MockApiFaults } from "./api-faults.js";
import { type paths, paymentsIdempotentOperations } from "./payments-paths.js";

export const BASE = "https://api.payments.test";

/** Installs the payments API on `server`: every call goes through a MockApiFaults and is recorded. */
export function paymentsApi(server: { use(...handlers: HttpHandler[]): void }) {
  const faults = new MockApiFaults();
  const seen: { method: string; path: string; key: string | null; body: string; authorization: string | null }[] = [];
  let serial = 0;
  const record = async (request: Request) => {
    const body = request.body === null ? "" : await request.text();
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      key: request.headers.get("idempotency-key"),
      body,
      authorization: request.headers.get("authorization"),
    });
    return body;
  };
  server.use(
    http.get(`${BASE}/v1/charges`, async ({ request }) => {
      await record(request);
      return faults.handle(request, () => HttpResponse.json({ data: [] }));
    }),
    http.post(`${BASE}/v1/charges`, async ({ request }) => {
      const body = JSON.parse(await record(request)) as { amount: number; currency: string };
      return faults.handle(request, () => {
        serial += 1;
        return HttpResponse.json({ id: `ch_${serial}`, ...body }, { status: 201 });
      });
    }),
    http.all(`${BASE}/v1/charges/:id`, async ({ request, params }) => {
      const text = await record(request);
      return faults.handle(request, () =>
        HttpResponse.json({
          id: String(params.id),
          amount: text ? (JSON.parse(text) as { amount: number }).amount : 1,
          currency: "EUR",
        }),
      );
    }),
  );
  return { faults, seen, charges: () => serial };
}

/** An openapi-fetch client for the payments API with the layer installed as the providers install it. */
export function paymentsClient(options: ResilienceOptions = {}) {
  const events: ResilienceEvent[] = [];
  const layer = createResilience({
    random: () => 1,
    onEvent: (event) => events.push(event),
    ...options,
    fetch: (request) => globalThis.fetch(request),
    idempotentOperations: paymentsIdempotentOperations,
  });
  const client = createClient<paths>({ baseUrl: BASE, fetch: layer.fetch, bodySerializer: layer.bodySerializer });
  client.use(layer.middleware);
  return { client, events };
}

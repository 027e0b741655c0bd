/**
 * layer.bodySerializer: the layer keeps the body as openapi-fetch serialized it, so the first attempt
 * sends the request uncopied, and a body serialized for one call never reaches another call.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { BASE, paymentsApi } from "../testing/payments-api.js";
import { type paths, paymentsIdempotentOperations } from "../testing/payments-paths.js";
import { settle } from "../testing/time.js";
import { createResilience } from "./layer.js";

const server = mswWithFakeTime();

/** The payments client as the providers assemble it; `sent` holds every Request the layer's fetch was given to send. */
function installedClient() {
  const sent: Request[] = [];
  const layer = createResilience({
    random: () => 0,
    idempotentOperations: paymentsIdempotentOperations,
    fetch: (request) => {
      sent.push(request);
      return globalThis.fetch(request);
    },
  });
  const client = createClient<paths>({ baseUrl: BASE, fetch: layer.fetch, bodySerializer: layer.bodySerializer });
  /** The request as the last middleware saw it: what openapi-fetch hands to the fetch. */
  const built: Request[] = [];
  const spy: Middleware = {
    onRequest({ request }) {
      built.push(request);
      return undefined;
    },
  };
  client.use(layer.middleware, spy);
  return { client, sent, built };
}

describe("the layer's body serializer", () => {
  it("the first attempt is sent without copying the body; a retry is rebuilt from the serialized body", async () => {
    const api = paymentsApi(server);
    api.faults.failNext(1, { kind: "status", status: 503 });
    const { client, sent, built } = installedClient();
    const charge = { amount: 1200, currency: "EUR" };
    const outcome = await settle(client.POST("/v1/charges", { body: charge }));
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(built).toHaveLength(1);
    expect(sent).toHaveLength(2);
    // The very Request openapi-fetch built: no clone, no buffer read from its body.
    expect(sent[0]).toBe(built[0]);
    expect(sent[1]).not.toBe(built[0]);
    expect(api.seen.map((s) => s.body)).toEqual([JSON.stringify(charge), JSON.stringify(charge)]);
  });

  it("a body serialized for a call that failed before sending never reaches a later call's retry", async () => {
    const api = paymentsApi(server);
    const { client } = installedClient();
    const leftover = { amount: 1, currency: "LEFTOVER" };
    // A bad per-request base URL: openapi-fetch serializes the body, then fails to build the Request.
    const broken = await settle(client.POST("/v1/charges", { body: leftover, baseUrl: "not a url" }));
    expect(broken.ok).toBe(false);
    // The next call brings its own serializer, so the layer's never sees its body.
    api.faults.failNext(1, { kind: "status", status: 503 });
    const charge = { amount: 2, currency: "EUR" };
    const outcome = await settle(
      client.POST("/v1/charges", { body: charge, bodySerializer: (body) => JSON.stringify(body) }),
    );
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(api.seen.map((s) => s.body)).toEqual([JSON.stringify(charge), JSON.stringify(charge)]);
  });

  it("nor the retry of a call started in the same turn with its own serializer", async () => {
    const api = paymentsApi(server);
    const { client } = installedClient();
    api.faults.failNext(1, { kind: "status", status: 503 });
    const leftover = { amount: 1, currency: "LEFTOVER" };
    const charge = { amount: 3, currency: "EUR" };
    // No await in between: a guard that only clears the serialized body after the turn is too late here.
    const broken = client.POST("/v1/charges", { body: leftover, baseUrl: "not a url" });
    const next = client.POST("/v1/charges", { body: charge, bodySerializer: (body) => JSON.stringify(body) });
    expect((await settle(broken)).ok).toBe(false);
    const outcome = await settle(next);
    expect(outcome.ok && outcome.value.response.status).toBe(201);
    expect(api.seen.map((s) => s.body)).toEqual([JSON.stringify(charge), JSON.stringify(charge)]);
  });
});

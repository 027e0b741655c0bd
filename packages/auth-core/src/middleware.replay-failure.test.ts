/** A 401 whose replay cannot get a new token: the call ends with the token error and holds nothing after. */
import { HttpResponse, http } from "msw";
import { expect, it, vi } from "vitest";
import { type ClientEvent, createClientCredentialsClient, TokenRequestError } from "./index.js";
import { formEndpoint } from "./testing/endpoint.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";
import { TOKEN_URL } from "./testing/oauth-payments.js";
import { BASE } from "./testing/payments-api.js";
import type { paths } from "./testing/payments-paths.js";
import { settle } from "./testing/time.js";

const server = mswWithFakeTime();

it("frees the 401 and the call's deadline: no deadline event fires after the call ended with the token error", async () => {
  let issued = 0;
  server.use(
    http.post(TOKEN_URL, () => {
      issued++;
      return issued === 1
        ? HttpResponse.json({ access_token: "t1", expires_in: 3600 })
        : HttpResponse.json({ error: "invalid_client" }, { status: 400 });
    }),
    http.get(
      `${BASE}/v1/charges`,
      () =>
        new HttpResponse(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"error":"expired"}'));
            },
          }),
          { status: 401 },
        ),
    ),
  );
  const events: ClientEvent[] = [];
  const client = createClientCredentialsClient<paths, unknown>({
    baseUrl: BASE,
    tokenUrl: TOKEN_URL,
    clientId: "client-1",
    clientSecret: "s3cret",
    fetch: (request) => globalThis.fetch(request),
    tuning: { tokenCacheScope: "client", resilience: { deadlineMs: 5_000 }, onEvent: (event) => events.push(event) },
    endpoint: formEndpoint(TOKEN_URL) as never,
    publicOperations: [],
  });
  const outcome = await settle(client.GET("/v1/charges"), 10);
  expect(outcome.ok).toBe(false);
  expect((outcome as { error: unknown }).error).toBeInstanceOf(TokenRequestError);
  await vi.advanceTimersByTimeAsync(6_000);
  expect(events.map((event) => event.type)).not.toContain("deadline");
});

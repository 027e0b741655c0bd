/** Event listeners can never break a call or crash the process: not by throwing, not by rejecting. */
import { HttpResponse, http } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import {
  createClientCredentialsClient,
  createTokenCache,
  createTokenFetcher,
  resetSharedTokenCaches,
} from "./index.js";
import type { paths } from "./testing/api-paths.js";
import { formEndpoint } from "./testing/endpoint.js";
import { countingFetch } from "./testing/fakes.js";
import { mswWithFakeTime } from "./testing/msw-fake-time.js";
import { settle } from "./testing/time.js";
import { collectUnhandledRejections } from "./testing/unhandled-rejections.js";

const BASE = "https://api.acme.test/v1";
const TOKEN_URL = "https://auth.acme.test/oauth/token";
const server = mswWithFakeTime();
const { unhandled, reported } = collectUnhandledRejections();

beforeEach(() => resetSharedTokenCaches());

const rejecting = async (): Promise<void> => {
  throw new Error("listener is down");
};
const throwing = (): void => {
  throw new Error("listener bug");
};

/** Lets pending rejections surface as unhandledRejection (they are reported after a macrotask). */
async function drain(): Promise<void> {
  await settle(new Promise((resolve) => setTimeout(resolve, 10)));
  await reported();
}

describe("a listener that rejects or throws", () => {
  for (const [name, listener] of [
    ["async, rejecting", rejecting],
    ["throwing", throwing],
  ] as const) {
    it(`token cache (${name}): the call succeeds and no rejection escapes`, async () => {
      const cache = createTokenCache({ key: "k", fetchToken: countingFetch().fetchToken, onEvent: listener });
      expect((await cache.getToken({ onEvent: listener })).accessToken).toBe("token-1");
      await drain();
      expect(unhandled).toEqual([]);
    });

    it(`token fetcher retry events (${name}): the retried fetch succeeds and no rejection escapes`, async () => {
      let calls = 0;
      server.use(
        http.post(TOKEN_URL, () => {
          calls++;
          if (calls === 1) return new HttpResponse(null, { status: 503, headers: { "retry-after": "0" } });
          return HttpResponse.json({ access_token: "t", expires_in: 3600 });
        }),
      );
      const fetchToken = createTokenFetcher(formEndpoint(TOKEN_URL), { onEvent: listener });
      const outcome = await settle(fetchToken({ signal: new AbortController().signal, onEvent: listener }));
      expect(outcome.ok && outcome.value.accessToken).toBe("t");
      expect(calls).toBe(2);
      await drain();
      expect(unhandled).toEqual([]);
    });

    it(`client listener (${name}): an authenticated call after a 401 replay succeeds and no rejection escapes`, async () => {
      let issued = 0;
      let first = true;
      server.use(
        http.post(TOKEN_URL, () => HttpResponse.json({ access_token: `token-${++issued}`, expires_in: 3600 })),
        http.get(`${BASE}/things`, () => {
          if (first) {
            first = false;
            return HttpResponse.json({ error: "expired" }, { status: 401 });
          }
          return HttpResponse.json({ items: [] });
        }),
      );
      const client = createClientCredentialsClient<paths, unknown>({
        baseUrl: BASE,
        tokenUrl: TOKEN_URL,
        clientId: "client-1",
        clientSecret: "s3cret",
        fetch: (request) => globalThis.fetch(request),
        tuning: { onEvent: listener },
        endpoint: formEndpoint(TOKEN_URL) as never,
        publicOperations: [],
      });
      const outcome = await settle(client.GET("/things"));
      expect(outcome.ok && outcome.value.response.status).toBe(200);
      expect(issued).toBe(2);
      await drain();
      expect(unhandled).toEqual([]);
    });
  }
});

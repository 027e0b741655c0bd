import { afterEach, describe, expect, it, vi } from "vitest";
import { createTokenCache, createTokenFetcher, InMemoryTokenStore } from "./index.js";
import { tokenBody } from "./testing/endpoint.js";
import type { TokenEndpoint } from "./types.js";

const realSetTimeout = globalThis.setTimeout;

/** Waits (on a timer the recorder does not see) until `ready()` holds, at most 5 s. */
async function until(ready: () => boolean): Promise<void> {
  for (let waited = 0; !ready() && waited < 5_000; waited += 5) {
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
  expect(ready()).toBe(true);
}

/** Records every timer created while `run` is pending, to check none of them keeps the process alive. */
function recordTimers(): NodeJS.Timeout[] {
  const created: NodeJS.Timeout[] = [];
  const original = globalThis.setTimeout;
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: () => void, ms?: number) => {
    const timer = original(handler, ms);
    created.push(timer);
    return timer;
  }) as typeof setTimeout);
  return created;
}

afterEach(() => {
  vi.restoreAllMocks();
});

const hangingEndpoint = (): TokenEndpoint<{ access_token: string; expires_in: number }> => ({
  provider: "acme",
  send: ({ signal }) =>
    new Promise<Response>((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
  successStatus: [200],
  schema: tokenBody,
  toToken: (body) => ({ accessToken: body.access_token, expiresInMs: body.expires_in * 1000 }),
});

describe("timers of the shared refresh are unref'd; a waiting caller holds one keep-alive", () => {
  it("the per-attempt timeout and the retry backoff are unref'd", async () => {
    const created = recordTimers();
    const controller = new AbortController();
    const pending = createTokenFetcher(hangingEndpoint(), { timeoutMs: 20, baseDelayMs: 60_000 })({
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await until(() => created.length >= 2);
    expect(created.every((timer) => !timer.hasRef())).toBe(true);
    controller.abort();
    await pending;
  });

  it("while a caller waits on the store-lock poll, only its keep-alive is ref'd", async () => {
    const created = recordTimers();
    const store = new InMemoryTokenStore();
    const lease = await store.lock("k", 60_000);
    const cache = createTokenCache({
      key: "k",
      store,
      lockLeaseMs: 60_000,
      fetchToken: async () => ({ accessToken: "t", expiresInMs: 60_000 }),
    });
    const pending = cache.getToken();
    await until(() => created.length >= 4);
    expect(created.filter((timer) => timer.hasRef())).toHaveLength(1);
    const now = Date.now();
    await store.set("k", { accessToken: "t", receivedAt: now, expiresAt: now + 60_000 }, 60_000);
    await lease?.release();
    expect((await pending).accessToken).toBe("t");
  });
});

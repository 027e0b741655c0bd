import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CachedToken,
  createTokenCache,
  type FetchedToken,
  InMemoryTokenStore,
  TokenRequestError,
} from "./index.js";
import { deferred } from "./testing/fakes.js";

type Action =
  | { kind: "call" }
  | { kind: "advance"; ms: number }
  | { kind: "resolve"; lifetimeMs: number }
  | { kind: "fail" }
  | { kind: "invalidate"; which: "last" | "other" };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Action>({ kind: "call" }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 2 * 3_600_000 }).map((ms): Action => ({ kind: "advance", ms })) },
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: 1_000, max: 2 * 3_600_000 })
      .map((lifetimeMs): Action => ({ kind: "resolve", lifetimeMs })),
  },
  { weight: 2, arbitrary: fc.constant<Action>({ kind: "fail" }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Action>({ kind: "invalidate", which: "last" }, { kind: "invalidate", which: "other" }),
  },
);

/** Lets every pending promise chain run (no timers are involved in these scenarios). */
async function drain(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

async function runScenario(actions: Action[], withStore: boolean): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  const pending: ReturnType<typeof deferred<FetchedToken>>[] = [];
  let active = 0;
  let maxActive = 0;
  let serial = 0;
  let autoSucceed = false;
  const fetchToken = async (): Promise<FetchedToken> => {
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      if (autoSucceed) return { accessToken: `auto-${++serial}`, expiresInMs: 3_600_000 };
      const next = deferred<FetchedToken>();
      pending.push(next);
      return await next.promise;
    } finally {
      active--;
    }
  };
  const cache = createTokenCache({
    key: "acme|prop",
    fetchToken,
    clock,
    negativeCacheMs: 1_000,
    ...(withStore ? { store: new InMemoryTokenStore({ clock }) } : {}),
  });
  const violations: string[] = [];
  let lastToken: CachedToken | undefined;
  const calls: Promise<void>[] = [];
  const call = (): void => {
    calls.push(
      cache.getToken().then(
        (token) => {
          lastToken = token;
          if (!(token.expiresAt > now)) violations.push(`expired token returned at ${now}: ${token.expiresAt}`);
        },
        (error: unknown) => {
          if (!(error instanceof TokenRequestError)) violations.push(`untyped rejection: ${String(error)}`);
        },
      ),
    );
  };

  for (const step of actions) {
    switch (step.kind) {
      case "call":
        call();
        break;
      case "advance":
        now += step.ms;
        break;
      case "resolve":
        pending.shift()?.resolve({ accessToken: `tok-${++serial}`, expiresInMs: step.lifetimeMs });
        break;
      case "fail":
        pending.shift()?.reject(new TokenRequestError("acme token request failed with HTTP 503", { status: 503 }));
        break;
      case "invalidate":
        await cache.invalidate(step.which === "last" && lastToken ? lastToken.accessToken : "not-a-cached-token", {
          reason: "unauthorized",
        });
        break;
    }
    await drain();
    if (maxActive > 1) violations.push(`${maxActive} fetches in flight`);
  }

  // Recovery: whatever happened, once the endpoint works again the next caller gets a valid token.
  autoSucceed = true;
  for (const open of pending.splice(0)) open.reject(new TokenRequestError("acme token request failed", {}));
  await drain();
  now += 2_000;
  const recovered = await cache.getToken();
  if (!(recovered.expiresAt > now)) violations.push("recovery returned an expired token");
  await Promise.all(calls);
  expect(violations).toEqual([]);
  expect(maxActive).toBeLessThanOrEqual(1);
}

describe("createTokenCache under random interleavings (fast-check)", () => {
  it("never has more than one fetch in flight, never returns an expired token, always recovers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 60 }), (actions) => runScenario(actions, false)),
      { numRuns: 150 },
    );
  }, 60_000);

  it("keeps the same guarantees with a shared store (in-memory, with lock)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 60 }), (actions) => runScenario(actions, true)),
      { numRuns: 100 },
    );
  }, 60_000);
});

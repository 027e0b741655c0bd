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

interface ScenarioOptions {
  /** How many caches (processes) share the store; 0 = one cache without a store. */
  processes: number;
}

const LEASE_MS = 200;

async function runScenario(actions: Action[], { processes }: ScenarioOptions): Promise<void> {
  let now = Date.UTC(2026, 0, 1);
  const clock = { now: () => now };
  const pending: ReturnType<typeof deferred<FetchedToken>>[] = [];
  const activeSince: number[] = [];
  let maxActive = 0;
  let serial = 0;
  let autoSucceed = false;
  const violations: string[] = [];
  /** Every error a fetch was failed with: the only rejections callers may see (besides the 3-round expiry). */
  const injected = new Set<unknown>();
  const fetchToken = async (): Promise<FetchedToken> => {
    // Two fetches at once are allowed only when the clock jumped past the lease of the one in flight
    // (a stalled holder whose lease the store let lapse).
    const overlapping = activeSince.filter((since) => now - since < LEASE_MS);
    if (overlapping.length > 0) violations.push(`a second fetch while one is in flight under a live lease`);
    activeSince.push(now);
    const mine = now;
    maxActive = Math.max(maxActive, activeSince.length);
    try {
      if (autoSucceed) return { accessToken: `auto-${++serial}`, expiresInMs: 3_600_000 };
      const next = deferred<FetchedToken>();
      pending.push(next);
      return await next.promise;
    } finally {
      activeSince.splice(activeSince.indexOf(mine), 1);
    }
  };
  const store = processes > 0 ? new InMemoryTokenStore({ clock }) : undefined;
  const caches = Array.from({ length: Math.max(1, processes) }, () =>
    createTokenCache({
      key: "acme|prop",
      fetchToken,
      clock,
      negativeCacheMs: 1_000,
      lockLeaseMs: LEASE_MS,
      ...(store ? { store } : {}),
    }),
  );
  let lastToken: CachedToken | undefined;
  const calls: Promise<void>[] = [];
  const call = (which: number): void => {
    const cache = caches[which % caches.length]!;
    calls.push(
      cache.getToken().then(
        (token) => {
          lastToken = token;
          if (!(token.expiresAt > now)) violations.push(`expired token returned at ${now}: ${token.expiresAt}`);
        },
        (error: unknown) => {
          const expiredWhileWaiting =
            error instanceof TokenRequestError && /expired before it could be used/.test(error.message);
          if (!injected.has(error) && !expiredWhileWaiting) {
            violations.push(`rejection that no failed fetch explains: ${String(error)}`);
          }
        },
      ),
    );
  };
  const fail = (message: string): TokenRequestError => {
    const error = new TokenRequestError(message, { status: 503 });
    injected.add(error);
    return error;
  };

  let turn = 0;
  for (const step of actions) {
    switch (step.kind) {
      case "call":
        call(turn++);
        break;
      case "advance":
        now += step.ms;
        break;
      case "resolve":
        pending.shift()?.resolve({ accessToken: `tok-${++serial}`, expiresInMs: step.lifetimeMs });
        break;
      case "fail":
        pending.shift()?.reject(fail("acme token request failed with HTTP 503"));
        break;
      case "invalidate":
        await caches[turn % caches.length]!.invalidate(
          step.which === "last" && lastToken ? lastToken.accessToken : "not-a-cached-token",
          { reason: "unauthorized" },
        );
        break;
    }
    await drain();
  }

  // Recovery: whatever happened, once the endpoint works again every process gets a valid token.
  autoSucceed = true;
  for (const open of pending.splice(0)) open.reject(fail("acme token request failed"));
  await drain();
  now += 2_000;
  for (const cache of caches) {
    const recovered = await cache.getToken();
    if (!(recovered.expiresAt > now)) violations.push("recovery returned an expired token");
  }
  await Promise.all(calls);
  expect(violations).toEqual([]);
  if (processes === 0) expect(maxActive).toBeLessThanOrEqual(1);
}

describe("createTokenCache under random interleavings (fast-check)", () => {
  it("one cache: never more than one fetch in flight, never an expired token, only explained rejections, always recovers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 60 }), (actions) => runScenario(actions, { processes: 0 })),
      { numRuns: 150 },
    );
  }, 60_000);

  it("three caches contending for one store's lock: one fetch per live lease fleet-wide, same guarantees", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 40 }), (actions) => runScenario(actions, { processes: 3 })),
      { numRuns: 40 },
    );
  }, 120_000);
});

/**
 * Fleet tests: 8 real Node processes (createTurrisClient + this store) against one real redis-server
 * and the loopback provider emulator (its own process). Token lifetimes are short and real (3 s), so
 * every assertion is a count or a generous bound, never an exact timing.
 */
import { createClient } from "@redis/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EmulatorProcess,
  type FleetWorker,
  startFleet,
  startRedisAndEmulator,
  startWorker,
  summarize,
} from "./fleet-harness.js";
import type { BurstResult, FleetWorkerConfig } from "./fleet-protocol.js";
import { type RedisServer, startRedisServer } from "./redis-server.js";

const PROCESSES = 8;
const LIFETIME_SECONDS = 3;
const LIFETIME_MS = LIFETIME_SECONDS * 1000;
/**
 * Tokens are refreshed at half their lifetime: with 3 s tokens a call made just before the refresh
 * still has 1.5 s to reach the emulator, so a loaded machine does not turn the test into 401s.
 */
const REFRESH_FRACTION = 0.5;
const LEASE_MS = 2_000;
const CLIENT_SECRET = "fleet-secret-Zq81xKd0";
const TEST_TIMEOUT_MS = 120_000;

let redis: RedisServer;
let emulator: EmulatorProcess;
let workers: FleetWorker[] = [];
let scenario = 0;

/** Long enough that no token expires during a test that is not about expiry, however loaded the machine. */
const LONG_LIFETIME_SECONDS = 3_600;

/** A fresh scenario: new clients in every worker, a new Redis namespace, emulator counters at zero. */
async function configureFleet(
  tokenLifetimeSeconds: number,
  overrides: (index: number) => Partial<FleetWorkerConfig> = () => ({}),
): Promise<string> {
  scenario += 1;
  const prefix = `fleet${scenario}`;
  // A worker killed by an earlier scenario (or one that crashed) is replaced by a fresh process.
  workers = await Promise.all(workers.map((worker) => (worker.alive ? worker : startWorker())));
  await Promise.all(
    workers.map((worker, index) =>
      worker.configure({
        baseUrl: emulator.turrisBaseUrl,
        clientId: `fleet-client-${scenario}`,
        clientSecret: CLIENT_SECRET,
        redisUrl: redis.url,
        prefix,
        lockLeaseMs: LEASE_MS,
        refreshFraction: REFRESH_FRACTION,
        ...overrides(index),
      }),
    ),
  );
  await emulator.configure({ tokenLifetimeSeconds });
  await emulator.reset();
  return prefix;
}

const burstAll = (calls: number, fleet = workers): Promise<BurstResult[]> =>
  Promise.all(fleet.map((worker) => worker.burst(calls)));

/** What each worker reported (token requests and event counts), for assertion messages. */
function fleetReport(): string {
  return workers
    .map((worker, index) => {
      const counts = new Map<string, number>();
      for (const event of worker.events) counts.set(event, (counts.get(event) ?? 0) + 1);
      const events = [...counts].map(([event, count]) => `${event}x${count}`).join(" ");
      return `w${index}: ${worker.tokenRequests} token requests; ${events}`;
    })
    .join(" | ");
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  ({ redis, emulator } = await startRedisAndEmulator(startRedisServer, LIFETIME_SECONDS));
  workers = await startFleet(PROCESSES);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.close()));
  await emulator?.stop();
  await redis?.dispose();
}, TEST_TIMEOUT_MS);

describe("a fleet of 8 processes sharing one Redis", () => {
  it(
    "makes exactly 1 token request for a cold start of 8 processes x 100 concurrent calls",
    async () => {
      await configureFleet(LONG_LIFETIME_SECONDS);
      const results = summarize(await burstAll(100));

      expect(results.failed, results.errors.join(", ")).toBe(0);
      expect(results.ok).toBe(PROCESSES * 100);
      expect(await emulator.tokenRequests(), fleetReport()).toBe(1);
      expect(results.tokens.size).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "makes exactly 1 token request per token lifetime (one per refresh) for the whole fleet, over 5 lifetimes",
    async () => {
      const prefix = await configureFleet(LIFETIME_SECONDS);
      const firstSeen = new Map<string, number>();
      let failed = 0;
      const errors = new Set<string>();
      const deadline = Date.now() + 15 * LIFETIME_MS + 10_000;
      // Every process keeps calling until the fleet has moved through 5 refreshes (6 tokens).
      while (firstSeen.size < 6 && Date.now() < deadline) {
        const round = summarize(await burstAll(5));
        failed += round.failed;
        for (const error of round.errors) errors.add(error);
        for (const token of round.tokens) if (!firstSeen.has(token)) firstSeen.set(token, Date.now());
        await pause(25);
      }

      expect(failed, [...errors].join(", ")).toBe(0);
      expect(firstSeen.size).toBe(6);
      // Every token request produced the one token the whole fleet used (no process fetched for itself),
      // and no two requests fell into one token's lifetime: a token is refreshed only once its refresh
      // window (its second half here) has begun, so legitimate requests are >= half a lifetime apart
      // however loaded the machine, while a duplicate refresh would be milliseconds apart.
      const requestTimes = workers.flatMap((worker) => worker.tokenRequestTimes).sort((a, b) => a - b);
      const timeline = `requests at +${requestTimes.map((at) => at - requestTimes[0]!).join(", +")} ms; ${fleetReport()}`;
      expect(await emulator.tokenRequests(), timeline).toBe(firstSeen.size);
      expect(requestTimes, timeline).toHaveLength(firstSeen.size);
      for (let i = 1; i < requestTimes.length; i++) {
        expect(requestTimes[i]! - requestTimes[i - 1]!, timeline).toBeGreaterThanOrEqual(
          LIFETIME_MS * REFRESH_FRACTION - 100,
        );
      }

      // What Redis holds: the hashed key and the token's value and timing; never the secret.
      const raw = createClient({ url: redis.url });
      raw.on("error", () => {});
      await raw.connect();
      try {
        const keys = await raw.keys(`${prefix}:*`);
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) {
          expect(key).not.toContain(CLIENT_SECRET);
          if (key.endsWith(":lock")) continue;
          const value = (await raw.get(key)) ?? "";
          expect(value).not.toContain(CLIENT_SECRET);
          expect(Object.keys(JSON.parse(value)).sort()).toEqual([
            "accessToken",
            "expiresAt",
            "receivedAt",
            "tokenType",
          ]);
        }
      } finally {
        raw.destroy();
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "makes exactly 1 token request when the token endpoint is slower than the lease (the holder renews it)",
    async () => {
      await configureFleet(LONG_LIFETIME_SECONDS);
      // Each token request takes 3 leases: without renewal, waiters would take over and fetch too.
      await emulator.configure({ tokenLatencyMs: 3 * LEASE_MS });
      try {
        const results = summarize(await burstAll(20));
        expect(results.failed, results.errors.join(", ")).toBe(0);
        expect(results.ok).toBe(PROCESSES * 20);
        expect(await emulator.tokenRequests(), fleetReport()).toBe(1);
        expect(results.tokens.size).toBe(1);
      } finally {
        await emulator.configure({ tokenLatencyMs: 0 });
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "delays the others by at most the lease when the lease holder is killed mid-refresh",
    async () => {
      await configureFleet(LONG_LIFETIME_SECONDS, (index) => (index === 0 ? { hangTokenRequests: true } : {}));
      const [victim, ...others] = workers as [FleetWorker, ...FleetWorker[]];

      // The victim takes the lease and starts its token request, which hangs.
      const holding = victim.tokenRequest();
      victim.burst(1).catch(() => {});
      await holding;

      const started = Date.now();
      const othersDone = burstAll(10, others);
      await pause(200);
      await victim.kill();
      const results = summarize(await othersDone);
      const waitedMs = Date.now() - started;

      expect(results.failed, results.errors.join(", ")).toBe(0);
      expect(results.ok).toBe(others.length * 10);
      // Nobody fetched while the lease was held; after it ran out exactly one process refreshed.
      expect(await emulator.tokenRequests(), fleetReport()).toBe(1);
      expect(results.tokens.size).toBe(1);
      // At most the lease, plus one poll interval (<= 1 s) and a generous allowance for a loaded machine.
      expect(waitedMs).toBeLessThan(LEASE_MS + 4_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "loses no call while Redis is down (each process fetches for itself) and shares again once it is back",
    async () => {
      await configureFleet(LIFETIME_SECONDS);
      const warm = summarize(await burstAll(10));
      expect(warm.failed, warm.errors.join(", ")).toBe(0);
      const requestsBeforeOutage = await emulator.tokenRequests();

      await redis.stop();
      let failedWhileDown = 0;
      const errors = new Set<string>();
      const downUntil = Date.now() + Math.round(1.5 * LIFETIME_MS);
      while (Date.now() < downUntil) {
        const round = summarize(await burstAll(5));
        failedWhileDown += round.failed;
        for (const error of round.errors) errors.add(error);
        await pause(25);
      }
      expect(failedWhileDown, [...errors].join(", ")).toBe(0);
      // The shared token expired during the outage and processes fetched their own.
      expect(await emulator.tokenRequests()).toBeGreaterThan(requestsBeforeOutage + 1);
      expect(workers.every((worker) => worker.events.includes("store_unavailable"))).toBe(true);

      await redis.start();
      // Sharing comes back: within a few lifetimes every process uses the same token again...
      let failedAfter = 0;
      let shared: string | undefined;
      const convergeBy = Date.now() + 10 * LIFETIME_MS;
      while (shared === undefined && Date.now() < convergeBy) {
        const round = await burstAll(5);
        const summary = summarize(round);
        failedAfter += summary.failed;
        for (const error of summary.errors) errors.add(error);
        const last = round.map((result) => result.tokens.at(-1));
        if (round.every((result) => result.tokens.length === 1) && new Set(last).size === 1) shared = last[0];
        await pause(25);
      }
      expect(shared).toBeDefined();

      // ...and the next refreshes are one token request each for the whole fleet: after the fleet
      // converged, follow it through two more token changes; every request is at least half a
      // lifetime after the previous one (8 processes fetching for themselves would be ms apart).
      const convergedAt = Date.now();
      const newTokens = new Set<string>();
      let latestShared: string | undefined;
      const followBy = Date.now() + 10 * LIFETIME_MS;
      while ((newTokens.size < 2 || latestShared === undefined) && Date.now() < followBy) {
        const round = await burstAll(5);
        const summary = summarize(round);
        failedAfter += summary.failed;
        for (const error of summary.errors) errors.add(error);
        for (const token of summary.tokens) if (token !== shared) newTokens.add(token);
        const last = [...newTokens].at(-1);
        latestShared =
          newTokens.size >= 2 && summary.tokens.size === 1 && last !== undefined && summary.tokens.has(last)
            ? last
            : undefined;
        await pause(25);
      }
      expect(failedAfter, [...errors].join(", ")).toBe(0);
      expect(newTokens.size).toBeGreaterThanOrEqual(2);
      expect(latestShared).toBeDefined();
      const requestTimes = workers
        .flatMap((worker) => worker.tokenRequestTimes)
        .filter((at) => at > convergedAt)
        .sort((a, b) => a - b);
      const timeline = `requests after convergence at +${requestTimes.map((at) => at - convergedAt).join(", +")} ms; ${fleetReport()}`;
      expect(requestTimes.length, timeline).toBeGreaterThanOrEqual(1);
      expect(requestTimes.length, timeline).toBeLessThanOrEqual(newTokens.size);
      for (let k = 1; k < requestTimes.length; k++) {
        expect(requestTimes[k]! - requestTimes[k - 1]!, timeline).toBeGreaterThanOrEqual(
          LIFETIME_MS * REFRESH_FRACTION - 100,
        );
      }
      expect(workers.some((worker) => worker.events.includes("store_recovered"))).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});

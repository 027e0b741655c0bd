/**
 * The fleet figure: token requests per token lifetime for 1 process, N processes without a shared
 * store and N processes sharing this Redis store, against the loopback provider emulator and a
 * throwaway redis-server. Prints one JSON document on stdout.
 *
 *   tsx packages/token-store-redis/bench/fleet.ts [--processes 8] [--lifetimes 5] [--lifetime-seconds 2] [--calls 5]
 *
 * Needs `redis-server` on PATH (or REDIS_SERVER_BIN) and built @scope/auth-core and @scope/turris.
 */
import { parseArgs } from "node:util";
import {
  type EmulatorProcess,
  type FleetWorker,
  startFleet,
  startRedisAndEmulator,
  summarize,
} from "../test/fleet-harness.js";
import { type RedisServer, startRedisServer } from "../test/redis-server.js";

interface ScenarioResult {
  name: string;
  processes: number;
  sharedStore: boolean;
  /** Token requests made by a cold start in which every process makes `calls` concurrent calls. */
  coldStartTokenRequests: number;
  /** Token requests after the cold start, while every process keeps calling for `lifetimes` lifetimes. */
  tokenRequests: number;
  tokenRequestsPerLifetime: number;
  calls: number;
  failedCalls: number;
}

function positive(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runScenario(
  name: string,
  fleet: FleetWorker[],
  emulator: EmulatorProcess,
  redis: RedisServer | undefined,
  settings: { lifetimes: number; lifetimeMs: number; calls: number; scenario: number },
): Promise<ScenarioResult> {
  await Promise.all(
    fleet.map((worker) =>
      worker.configure({
        baseUrl: emulator.turrisBaseUrl,
        clientId: `bench-client-${settings.scenario}`,
        clientSecret: "bench-secret",
        ...(redis === undefined ? {} : { redisUrl: redis.url }),
        prefix: `bench${settings.scenario}`,
        lockLeaseMs: 2_000,
        refreshFraction: 0.1,
      }),
    ),
  );
  await emulator.reset();
  const cold = summarize(await Promise.all(fleet.map((worker) => worker.burst(settings.calls))));
  const coldStartTokenRequests = await emulator.tokenRequests();

  let calls = cold.ok + cold.failed;
  let failedCalls = cold.failed;
  const until = Date.now() + settings.lifetimes * settings.lifetimeMs;
  while (Date.now() < until) {
    const round = summarize(await Promise.all(fleet.map((worker) => worker.burst(settings.calls))));
    calls += round.ok + round.failed;
    failedCalls += round.failed;
    await pause(25);
  }
  const tokenRequests = (await emulator.tokenRequests()) - coldStartTokenRequests;
  return {
    name,
    processes: fleet.length,
    sharedStore: redis !== undefined,
    coldStartTokenRequests,
    tokenRequests,
    tokenRequestsPerLifetime: Number((tokenRequests / settings.lifetimes).toFixed(2)),
    calls,
    failedCalls,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      processes: { type: "string" },
      lifetimes: { type: "string" },
      "lifetime-seconds": { type: "string" },
      calls: { type: "string" },
    },
  });
  const processes = Math.round(positive(values.processes, "processes", 8));
  const lifetimes = positive(values.lifetimes, "lifetimes", 5);
  const lifetimeSeconds = Math.round(positive(values["lifetime-seconds"], "lifetime-seconds", 2));
  const calls = Math.round(positive(values.calls, "calls", 5));
  const settings = { lifetimes, lifetimeMs: lifetimeSeconds * 1000, calls };

  const { redis, emulator } = await startRedisAndEmulator(startRedisServer, lifetimeSeconds);
  let fleet: FleetWorker[] = [];
  try {
    fleet = await startFleet(processes);
    const scenarios: ScenarioResult[] = [];
    scenarios.push(
      await runScenario("1 process", fleet.slice(0, 1), emulator, undefined, { ...settings, scenario: 1 }),
    );
    scenarios.push(
      await runScenario(`${processes} processes, no shared store`, fleet, emulator, undefined, {
        ...settings,
        scenario: 2,
      }),
    );
    scenarios.push(
      await runScenario(`${processes} processes, Redis token store`, fleet, emulator, redis, {
        ...settings,
        scenario: 3,
      }),
    );
    const report = {
      benchmark: "fleet token requests",
      lifetimeSeconds,
      lifetimes,
      callsPerProcessPerRound: calls,
      note: "tokens are refreshed ahead of expiry (from 90 % of their lifetime), so even one process can make up to about 1.1 requests per lifetime",
      scenarios,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await Promise.all(fleet.map((worker) => worker.close()));
    await emulator.stop();
    await redis.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

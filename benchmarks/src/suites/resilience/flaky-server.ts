/**
 * The resilience benchmark's target, in its own process: `POST /v1/charges` creates a charge, and a
 * share of calls fail at random: half answer 503 before doing anything, half commit the charge and
 * then drop the connection (the client cannot know it happened). Like a payment API, a repeated
 * `Idempotency-Key` gets the stored answer without a second charge. Counts charges per logical call
 * (the body's `call` field) so duplicates are visible. With `down`, every call answers 503 (an outage).
 *
 *   node --import tsx flaky-server.ts      prints {"port": N} on stdout, exits when stdin closes
 */
import { createServer, type ServerResponse } from "node:http";

/** Knobs (POST /__config). */
export interface FlakyConfig {
  /** Share of calls that fail, 0..1. */
  failureRate: number;
  /** Seed of the failure sequence (reset by /__reset). */
  seed: number;
  /** The API is down: every charge call answers 503 at once (the outage benchmark). */
  down?: boolean;
}

/** Counters (GET /__stats). */
export interface FlakyStats {
  calls: number;
  charges: number;
  /** Logical calls charged more than once. */
  duplicateCalls: number;
  failedBeforeEffect: number;
  failedAfterCommit: number;
  idempotentReplays: number;
}

const config: FlakyConfig = { failureRate: 0.1, seed: 1 };
let stats: FlakyStats = emptyStats();
let random = mulberry32(config.seed);
const chargesByCall = new Map<string, number>();
const stored = new Map<string, string>();

function emptyStats(): FlakyStats {
  return { calls: 0, charges: 0, duplicateCalls: 0, failedBeforeEffect: 0, failedAfterCommit: 0, idempotentReplays: 0 };
}

/** A small seeded PRNG, so a run's failure sequence is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function charge(call: string, amount: number): string {
  const count = (chargesByCall.get(call) ?? 0) + 1;
  chargesByCall.set(call, count);
  stats.charges++;
  if (count === 2) stats.duplicateCalls++;
  return JSON.stringify({ id: `ch_${stats.charges}`, amount, call });
}

function handleCharge(key: string | undefined, body: string, response: ServerResponse): void {
  stats.calls++;
  if (config.down) {
    stats.failedBeforeEffect++;
    send(response, 503, '{"error":{"code":"unavailable","message":"down"}}');
    return;
  }
  const replay = key === undefined ? undefined : stored.get(key);
  const roll = random();
  if (roll < config.failureRate / 2) {
    stats.failedBeforeEffect++;
    send(response, 503, '{"error":{"code":"unavailable","message":"try again"}}');
    return;
  }
  if (replay !== undefined) {
    stats.idempotentReplays++;
    send(response, 201, replay);
    return;
  }
  const { call, amount } = JSON.parse(body) as { call: string; amount: number };
  const answer = charge(call, amount);
  if (key !== undefined) stored.set(key, answer);
  if (roll < config.failureRate) {
    stats.failedAfterCommit++;
    response.socket?.destroy();
    return;
  }
  send(response, 201, answer);
}

const server = createServer((request, response) => {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    if (path === "/__stats") return send(response, 200, JSON.stringify(stats));
    if (path === "/__reset") {
      stats = emptyStats();
      chargesByCall.clear();
      stored.clear();
      random = mulberry32(config.seed);
      return send(response, 200, "{}");
    }
    if (path === "/__config") {
      Object.assign(config, JSON.parse(body || "{}") as Partial<FlakyConfig>);
      return send(response, 200, JSON.stringify(config));
    }
    if (request.method === "POST" && path === "/v1/charges") {
      const key = request.headers["idempotency-key"];
      return handleCharge(typeof key === "string" ? key : undefined, body, response);
    }
    send(response, 404, '{"error":"not found"}');
  });
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));

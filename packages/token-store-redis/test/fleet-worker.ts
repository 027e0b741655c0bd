/**
 * One process of a simulated fleet (run by the fleet harness with `node --import tsx`, IPC channel).
 * It builds a real Turris client against the loopback emulator, optionally sharing tokens through
 * Redis, and answers the parent's "burst" requests with what its API calls saw.
 */
import type { AuthEvent, ClientEvent } from "@scope/auth-core";
import { createTurrisClient } from "@scope/turris";
import type { Client } from "openapi-fetch";
import { createRedisTokenStore, type RedisTokenStore } from "../src/index.js";
import type { BurstResult, FleetWorkerConfig, ParentMessage, WorkerMessage } from "./fleet-protocol.js";

/** The emulator answers every non-token path with an authenticated echo; one such path, typed. */
interface EchoPaths {
  "/v1/fleet/probe": {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": unknown } } };
    };
  };
}

const send = (message: WorkerMessage): void => {
  process.send?.(message);
};

let client: Client<EchoPaths> | undefined;
let store: RedisTokenStore | undefined;
/** Bearer tokens sent by the API calls of the running burst. */
let seenTokens = new Set<string>();

const REPORTED_EVENTS = new Set<AuthEvent["type"]>([
  "refresh_start",
  "store_unavailable",
  "store_recovered",
  "store_wait",
]);

function onEvent(event: ClientEvent): void {
  if (!REPORTED_EVENTS.has(event.type as AuthEvent["type"])) return;
  const message: WorkerMessage = { type: "event", event: event.type };
  if (event.type === "store_unavailable") message.operation = event.operation;
  if (event.type === "store_wait") message.outcome = event.outcome;
  send(message);
}

/** At most this many API requests of one process are on the wire at once (a connection pool). */
const MAX_API_REQUESTS_IN_FLIGHT = 8;
let apiInFlight = 0;
const apiQueue: (() => void)[] = [];

async function withApiSlot<T>(run: () => Promise<T>): Promise<T> {
  if (apiInFlight >= MAX_API_REQUESTS_IN_FLIGHT) await new Promise<void>((resolve) => apiQueue.push(resolve));
  apiInFlight += 1;
  try {
    return await run();
  } finally {
    apiInFlight -= 1;
    apiQueue.shift()?.();
  }
}

/**
 * A fetch that tells the parent about token requests, records the bearer token of API calls and
 * pools API requests (all calls still ask the token cache concurrently; only the HTTP sends queue).
 */
function observingFetch(config: FleetWorkerConfig): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const authorization = request.headers.get("authorization") ?? "";
    if (authorization.startsWith("Bearer ")) {
      seenTokens.add(authorization.slice("Bearer ".length));
      // One retry of a GET that failed on the socket: an idle keep-alive connection the loaded
      // emulator closed at the same moment is not what these tests are about (HTTP answers are).
      return withApiSlot(() => fetch(request.clone()).catch(() => fetch(request)));
    }
    send({ type: "token_request", at: Date.now() });
    // A refresher that hangs mid-refresh: the request never leaves; the parent kills this process.
    if (config.hangTokenRequests) await new Promise(() => {});
    return fetch(request);
  };
}

async function configure(config: FleetWorkerConfig): Promise<void> {
  await store?.close();
  store =
    config.redisUrl === undefined
      ? undefined
      : createRedisTokenStore({ url: config.redisUrl, prefix: config.prefix, commandTimeoutMs: 2_000 });
  const turris = createTurrisClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    baseUrl: config.baseUrl,
    fetch: observingFetch(config),
    token: { lockLeaseMs: config.lockLeaseMs, refreshWindow: { fraction: config.refreshFraction } },
    onEvent,
    ...(store === undefined ? {} : { tokenStore: store }),
  });
  client = turris as unknown as Client<EchoPaths>;
}

/** Name, status and code of a failed call (auth-core's errors carry no token or secret; the test secret is fake). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const { status, code } = error as { status?: unknown; code?: unknown };
  const cause =
    error.cause instanceof Error ? `${error.cause.name} ${(error.cause as { code?: unknown }).code}` : undefined;
  return [error.name, status, code, error.message.slice(0, 160), cause].filter((part) => part !== undefined).join(" ");
}

async function burst(calls: number): Promise<BurstResult> {
  if (!client) throw new Error("worker not configured");
  const active = client;
  seenTokens = new Set();
  const errors: string[] = [];
  let ok = 0;
  await Promise.all(
    Array.from({ length: calls }, async () => {
      try {
        const { response } = await active.GET("/v1/fleet/probe");
        if (response.status === 200) ok += 1;
        else errors.push(`HTTP ${response.status}`);
      } catch (error) {
        errors.push(describeError(error));
      }
    }),
  );
  return { ok, failed: calls - ok, tokens: [...seenTokens], errors: [...new Set(errors)] };
}

process.on("message", (raw: ParentMessage) => {
  const run = async (): Promise<void> => {
    if (raw.type === "configure") {
      await configure(raw.config);
      send({ type: "configured" });
    } else if (raw.type === "burst") {
      send({ type: "burst_done", id: raw.id, result: await burst(raw.calls) });
    } else if (raw.type === "close") {
      await store?.close();
      send({ type: "closed" });
      process.disconnect?.();
    }
  };
  run().catch((error: unknown) => {
    process.stderr.write(`fleet worker failed: ${error instanceof Error ? error.name : "error"}\n`);
    process.exit(1);
  });
});

send({ type: "ready" });

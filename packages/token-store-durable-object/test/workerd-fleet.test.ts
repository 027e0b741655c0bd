/**
 * The store in real workerd, on the workerd older wranglers bundle (1.20260426.1) and on the latest:
 * three Worker services (three isolates) on one Durable Object namespace share one token, a lease
 * holder killed mid-fetch is taken over after its lease, and the token outlives a restart of workerd.
 * Each scenario uses its own client id, so its own cache key and Durable Object, and starts cold.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTokenEndpoint, type TokenEndpoint } from "./token-endpoint.ts";
import {
  type FleetSite,
  prepareFleetSite,
  SERVICES,
  type ServiceName,
  startFleet,
  startRemote,
  type WorkerdBinary,
  type WorkerdProcess,
  workerdBinaries,
} from "./workerd-fleet.ts";

/** Short enough for a quick takeover, long enough for renewals (every third) on a loaded box. */
const LEASE_MS = 1_500;
const COLD_REQUESTS = 50;

interface CallResult {
  status: number;
  service?: string;
  failure?: string;
}

/** Where the Worker builds its client: once per isolate, per request (sharing the isolate's cache), per request with its own cache. */
type Shape = "module" | "request" | "own-cache";

async function call(origin: string, clientId: string, shape: Shape): Promise<CallResult> {
  const response = await fetch(`${origin}/call?client=${clientId}&shape=${shape}`);
  const body = (await response.json()) as Omit<CallResult, "status">;
  return { ...body, status: response.status };
}

async function eventsOf(origin: string, clientId: string): Promise<string[]> {
  return (await (await fetch(`${origin}/events?client=${clientId}`)).json()) as string[];
}

/** `count` calls at once, spread round-robin over the main process's services. */
function spread(fleet: WorkerdProcess<ServiceName>, count: number, clientId: string, shape: Shape) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      call(fleet.urls[SERVICES[index % SERVICES.length] as ServiceName], clientId, shape),
    ),
  );
}

function failuresOf(results: readonly CallResult[]): string[] {
  return [...new Set(results.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.failure ?? ""}`))];
}

describe.each(workerdBinaries())("workerd $version ($alias)", (workerd: WorkerdBinary) => {
  let site: FleetSite;
  let endpoint: TokenEndpoint;
  let fleet: WorkerdProcess<ServiceName>;

  beforeAll(async () => {
    [site, endpoint] = await Promise.all([prepareFleetSite(), startTokenEndpoint()]);
    fleet = await startFleet(workerd, site, { emulatorUrl: endpoint.url, leaseMs: LEASE_MS });
  });

  afterAll(async () => {
    await fleet?.stop();
    await endpoint?.close();
    site?.dispose();
  });

  it.each(["module", "request", "own-cache"] as const)(
    `${COLD_REQUESTS} concurrent cold requests across three isolates cost one token request (client built: %s)`,
    async (shape) => {
      const clientId = `cold-${shape}`;
      const before = endpoint.tokenRequests();
      const results = await spread(fleet, COLD_REQUESTS, clientId, shape);
      expect(failuresOf(results)).toEqual([]);
      expect(new Set(results.map((r) => r.service))).toEqual(new Set(SERVICES));
      expect(endpoint.tokenRequests() - before).toBe(1);
      if (shape === "own-cache") return;
      // A shared cache per isolate: each isolate asked the store for one refresh, not one per request.
      for (const service of SERVICES) {
        const refreshes = (await eventsOf(fleet.urls[service], clientId)).filter((e) => e === "refresh_start");
        expect(refreshes, service).toHaveLength(1);
      }
    },
  );

  it.each(["request", "own-cache"] as const)(
    "takes over from a lease holder killed mid-fetch after its lease, and the waiter's call succeeds (waiter's client built: %s)",
    async (waiterShape) => {
      const clientId = `holder-killed-${waiterShape}`;
      const settings = { emulatorUrl: endpoint.url, leaseMs: LEASE_MS };
      const remote = await startRemote(workerd, site, settings, fleet.urls.store);
      try {
        const before = endpoint.tokenRequests();
        const held = endpoint.holdNextTokenRequest();
        // The holder: its token request is held open by the endpoint, so it holds (and renews) the lease.
        const holder = call(remote.urls.remote, clientId, "own-cache").catch((error: unknown) => error);
        await held.arrived;
        // The waiter, in another process: finds the lease taken and waits for the holder's token.
        const waiter = call(fleet.urls["app-b"], clientId, waiterShape);
        await remote.stop("SIGKILL");
        await held.callerGone;
        expect(await holder).toBeInstanceOf(Error);

        const result = await waiter;
        expect(result).toMatchObject({ status: 200, service: "app-b" });
        expect(endpoint.tokenRequests() - before).toBe(2); // the dead holder's, then the waiter's
        const events = await eventsOf(fleet.urls["app-b"], clientId);
        expect(events).toContain("store_wait:lock");
        expect(events).not.toContain("store_wait:timeout");
      } finally {
        await remote.stop("SIGKILL");
      }
    },
  );

  it("keeps the token across a restart of workerd (every object evicted, every isolate new): no token request", async () => {
    const clientId = "cold-own-cache"; // its token was stored by the cold-start test above
    await fleet.stop();
    fleet = await startFleet(workerd, site, { emulatorUrl: endpoint.url, leaseMs: LEASE_MS });
    const before = endpoint.tokenRequests();
    const results = await spread(fleet, 12, clientId, "own-cache");
    expect(failuresOf(results)).toEqual([]);
    expect(endpoint.tokenRequests() - before).toBe(0);
  });
});

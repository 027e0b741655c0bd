/**
 * The Worker of the workerd fleet test, bundled with esbuild (workerd conditions) from the built
 * @scope/dollr and @scope/auth-core and this package's source. Every service of the fleet runs this
 * module in its own isolate; the `store` service also hosts the Durable Object class.
 *
 * GET /call?client=<id>&shape=module     one Dollr call with a client built lazily at module level (the README's shape)
 * GET /call?client=<id>&shape=request    one Dollr call with a client built per request (sharing the isolate's cache)
 * GET /call?client=<id>&shape=own-cache  one Dollr call with a client built per request with tokenCacheScope "client"
 * GET /events?client=<id>               the auth events this isolate saw for that client id (never a token)
 *
 * Each client id is its own credential set, so its own cache key and its own Durable Object: every
 * scenario of the test starts cold.
 *
 * A service in a second workerd process (to be killed mid-fetch) has no Durable Object binding: it
 * reaches the objects through a service binding to the `store` service, which forwards
 * /__token-store/<name>/<operation> to the object of that name.
 */
import type { ClientEventListener } from "@scope/auth-core";
import { createDollrClient } from "@scope/dollr";
import { createDurableObjectTokenStore, type DurableObjectNamespaceLike } from "../src/index.ts";

export { TokenStoreObject } from "../src/index.ts";

interface ServiceBinding {
  fetch(request: Request): Promise<Response>;
}

interface Env {
  TOKEN_STORE?: DurableObjectNamespaceLike;
  STORE_SERVICE?: ServiceBinding;
  SERVICE: string;
  EMULATOR_URL: string;
  LEASE_MS: string;
}

type DollrClient = ReturnType<typeof createDollrClient>;

const eventsByClient = new Map<string, string[]>();
const listeners = new Map<string, ClientEventListener>();
const moduleClients = new Map<string, DollrClient>();

/** One listener per client id and isolate: auth-core shares a cache only between clients with the same one. */
function listenerFor(clientId: string): ClientEventListener {
  let listener = listeners.get(clientId);
  if (!listener) {
    const events: string[] = [];
    eventsByClient.set(clientId, events);
    listener = (event) => {
      // Token events only (the stream also carries api_attempt and retry events, which have a method).
      if ("method" in event) return;
      if (event.type === "store_wait") events.push(`store_wait:${event.outcome}`);
      else if (event.type === "store_unavailable")
        events.push(`store_unavailable:${event.operation}:${event.error.message}`);
      else if (event.type === "refresh_failure")
        events.push(`refresh_failure:${event.error.name}:${event.error.message}`);
      else events.push(event.type);
    };
    listeners.set(clientId, listener);
  }
  return listener;
}

function newClient(env: Env, clientId: string, tokenCacheScope: "process" | "client"): DollrClient {
  return createDollrClient({
    clientId,
    clientSecret: "fleet-secret-value",
    baseUrl: env.EMULATOR_URL,
    tokenStore: createDurableObjectTokenStore(namespaceOf(env)),
    token: { lockLeaseMs: Number(env.LEASE_MS) },
    tokenCacheScope,
    onEvent: listenerFor(clientId),
  });
}

const FORWARD_PREFIX = "/__token-store/";

/** The Durable Object binding, or (in the second process) a stand-in forwarding through the store service. */
function namespaceOf(env: Env): DurableObjectNamespaceLike {
  if (env.TOKEN_STORE) return env.TOKEN_STORE;
  const service = env.STORE_SERVICE;
  if (!service) throw new Error("the worker has neither TOKEN_STORE nor STORE_SERVICE");
  return {
    idFromName: (name) => name,
    get: (name) => ({
      fetch: (input, init) =>
        service.fetch(
          new Request(
            `http://store${FORWARD_PREFIX}${encodeURIComponent(String(name))}${new URL(input).pathname}`,
            init,
          ),
        ),
    }),
  };
}

/** The runtime's binding, as the forwarder uses it: its stubs take and give whole requests and responses. */
interface RuntimeNamespace {
  idFromName(name: string): unknown;
  get(id: unknown): { fetch(request: Request): Promise<Response> };
}

/** Forwards /__token-store/<name>/<operation> to the object of that name (store service only). */
async function forward(request: Request, url: URL, namespace: RuntimeNamespace): Promise<Response> {
  const [name = "", operation = ""] = url.pathname.slice(FORWARD_PREFIX.length).split("/");
  const stub = namespace.get(namespace.idFromName(decodeURIComponent(name)));
  return stub.fetch(new Request(`https://token-store.invalid/${operation}`, request));
}

async function call(client: DollrClient, service: string): Promise<Response> {
  // Dollr's document lists only its token operation; the loopback endpoint answers any path.
  const get = client.GET as unknown as (path: string) => Promise<{ response: Response }>;
  try {
    const { response } = await get("/v1/echo");
    return Response.json({ service, status: response.status }, { status: response.ok ? 200 : 502 });
  } catch (error) {
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return Response.json({ service, failure }, { status: 500 });
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith(FORWARD_PREFIX) && env.TOKEN_STORE) {
      return forward(request, url, env.TOKEN_STORE as unknown as RuntimeNamespace);
    }
    const clientId = url.searchParams.get("client") ?? "fleet-client";
    if (url.pathname === "/events") return Response.json(eventsByClient.get(clientId) ?? []);
    if (url.pathname !== "/call") return new Response("not found", { status: 404 });
    const shape = url.searchParams.get("shape");
    if (shape === "request") return call(newClient(env, clientId, "process"), env.SERVICE);
    if (shape === "own-cache") return call(newClient(env, clientId, "client"), env.SERVICE);
    let client = moduleClients.get(clientId);
    if (!client) {
      client = newClient(env, clientId, "process");
      moduleClients.set(clientId, client);
    }
    return call(client, env.SERVICE);
  },
};

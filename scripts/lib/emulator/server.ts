/**
 * A loopback HTTP server emulating every provider in specs/registry.json at once, for end-to-end
 * tests, the demo, benchmarks and multi-process (Redis) runs. Each provider lives under its own path
 * prefix (`/<id>`, e.g. `/dollr`): its token endpoint with the provider's exact quirks, and every other
 * path an authenticated echo API. The mocks come from each provider package's `/testing` entry (its
 * `mockDefinition` export, imported from source), so a provider added to the registry is emulated with
 * no edit here. Control endpoints under `/__emulator/` read counters and turn knobs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import type {
  MockClock,
  MockFailure,
  MockReply,
  MockStats,
} from "../../../packages/auth-core/src/testing/mock-authority.ts";
import type {
  AnyProviderTokenMock,
  ProviderMockDefinition,
} from "../../../packages/auth-core/src/testing/provider-mock.ts";
import type { TokenMockOptions } from "../../../packages/auth-core/src/testing/token-mock.ts";
import { packageDir, readRegistry, repoRoot } from "../registry.ts";

/** The emulated providers: the ids in specs/registry.json, in its order. */
export const EMULATED_PROVIDERS: readonly string[] = emulatedProviders();
/** One emulated provider's id (a registry id). */
export type EmulatedProvider = string;

/** The ids of the providers the registry under `root` lists, in its order. */
export function emulatedProviders(root = repoRoot): string[] {
  return readRegistry(root).providers.map((entry) => entry.id);
}

/** Start-up knobs; every one can also be changed later through `configure` or POST /__emulator/config. */
export interface EmulatorOptions {
  /** Repository whose registry and packages are emulated. Default: this repository. */
  root?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Token lifetime in seconds, converted to each provider's unit (Dollr: minutes, at least 1). Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Delay before every token response. Default 0. */
  tokenLatencyMs?: number;
  /** Delay before every API (echo) response. Default 0. */
  apiLatencyMs?: number;
  /** Token-request rate limit per provider id; each provider's mock default otherwise (Turris: its documented 10/min). */
  rateLimit?: Readonly<Record<string, RateLimitSetting>>;
  /** Provider-specific mock options per provider id, e.g. `{ turris: { restrictedAccessTokens: ["rat"] } }`. */
  mockOptions?: Readonly<Record<string, Record<string, unknown>>>;
  /** Clock of the token authorities (expiry, rate-limit windows). Default `Date.now`. */
  clock?: MockClock;
}

/** A token-request rate limit, or `false` for none. */
export type RateLimitSetting = { limit: number; windowMs: number } | false;

/** A knob change, as accepted by `configure` and POST /__emulator/config. */
export interface EmulatorConfigChange {
  /** Which provider to change; all when omitted. */
  provider?: EmulatedProvider;
  tokenLifetimeSeconds?: number;
  tokenLatencyMs?: number;
  apiLatencyMs?: number;
  rateLimit?: RateLimitSetting;
  /** Make the next `count` token requests fail with `status` (and, optionally, this exact body and headers). */
  failNextTokenRequests?: {
    count: number;
    status: number;
    retryAfterSeconds?: number;
    body?: unknown;
    headers?: Record<string, string>;
  };
  /** Invalidate every issued token (the next API call with one gets a 401). */
  revokeTokens?: boolean;
  /** Provider-specific run-time knobs, passed to the mock's `configure` (e.g. Turris' `includeStatusCode`). */
  mockConfig?: Record<string, unknown>;
}

/**
 * One provider's counters: the mock's, plus `tokenRequestsReceived`, the token requests that reached
 * the endpoint, counted on arrival (before `tokenLatencyMs`), while the mock's `tokenRequests` counts
 * the ones answered. A request in the latency delay is in the first and not yet in the second.
 */
export type EmulatedProviderStats = MockStats & { tokenRequestsReceived: number };

/** Counters per provider id, as GET /__emulator/stats returns them. */
export type EmulatorStats = Record<EmulatedProvider, EmulatedProviderStats>;

/** A running emulator. */
export interface Emulator {
  readonly host: string;
  readonly port: number;
  /** Origin, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  /** The emulated provider ids, in registry order. */
  readonly providers: readonly EmulatedProvider[];
  /** The base URL to give each provider's client, by provider id. */
  readonly baseUrls: Readonly<Record<EmulatedProvider, string>>;
  /** One provider's base URL; throws for an id the emulator does not serve. */
  baseUrl(provider: EmulatedProvider): string;
  stats(): EmulatorStats;
  /** One provider's counters; throws for an id the emulator does not serve. */
  statsOf(provider: EmulatedProvider): EmulatedProviderStats;
  /** The last token request one provider received: headers (lower-case names) and parsed body. */
  lastTokenRequest(provider: EmulatedProvider): { headers: Record<string, string>; body: unknown } | undefined;
  configure(change: EmulatorConfigChange): void;
  /** Resets counters, tokens and queued failures (of one provider, or all). */
  reset(provider?: EmulatedProvider): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

/** A provider mock definition as the emulator reads it (any dialect). */
type AnyDefinition = ProviderMockDefinition<AnyProviderTokenMock, TokenMockOptions>;

interface EmulatedMock {
  definition: AnyDefinition;
  mock: AnyProviderTokenMock;
  latency: { token: number; api: number };
  /** Token requests that arrived (counted before the latency delay). */
  received: number;
}

/** Loads `mockDefinition` from the `/testing` entry (source) of every provider in the registry under `root`. */
export async function loadMockDefinitions(root = repoRoot): Promise<Map<EmulatedProvider, AnyDefinition>> {
  const definitions = new Map<EmulatedProvider, AnyDefinition>();
  for (const entry of readRegistry(root).providers) {
    const file = join(packageDir(entry, root), "src/testing.ts");
    const testing = (await import(pathToFileURL(file).href)) as { mockDefinition?: AnyDefinition };
    const definition = testing.mockDefinition;
    if (!definition || typeof definition.createTokenMock !== "function" || definition.provider !== entry.id) {
      throw new Error(
        `${entry.packageName}/testing (${file}) must export the mockDefinition of provider "${entry.id}"`,
      );
    }
    definitions.set(entry.id, definition);
  }
  return definitions;
}

const rateLimitSchema = z.union([
  z.literal(false),
  z.strictObject({ limit: z.int().positive(), windowMs: z.number().positive() }),
]);

function configChangeSchema(providers: readonly string[]) {
  return z.strictObject({
    provider: z.enum(providers as [string, ...string[]]).optional(),
    tokenLifetimeSeconds: z.number().positive().optional(),
    tokenLatencyMs: z.number().nonnegative().optional(),
    apiLatencyMs: z.number().nonnegative().optional(),
    rateLimit: rateLimitSchema.optional(),
    failNextTokenRequests: z
      .strictObject({
        count: z.int().nonnegative(),
        status: z.int().min(400).max(599),
        retryAfterSeconds: z.number().nonnegative().optional(),
        body: z.unknown().optional(),
        headers: z.record(z.string(), z.string()).optional(),
      })
      .optional(),
    revokeTokens: z.boolean().optional(),
    mockConfig: z.record(z.string(), z.unknown()).optional(),
  });
}

/** Starts the emulator on 127.0.0.1 (port 0 by default) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const definitions = await loadMockDefinitions(options.root);
  const providers = [...definitions.keys()];
  const mocks = new Map<EmulatedProvider, EmulatedMock>();
  for (const [id, definition] of definitions) {
    const rateLimit = options.rateLimit?.[id];
    const mock = definition.createTokenMock({
      ...options.mockOptions?.[id],
      ...(options.clock ? { clock: options.clock } : {}),
      ...(rateLimit === undefined ? {} : { rateLimit }),
    });
    mocks.set(id, {
      definition,
      mock,
      latency: { token: options.tokenLatencyMs ?? 0, api: options.apiLatencyMs ?? 0 },
      received: 0,
    });
  }
  const emulated = (provider: EmulatedProvider): EmulatedMock => {
    const found = mocks.get(provider);
    if (!found) throw new Error(`the emulator serves no provider "${provider}" (it serves: ${providers.join(", ")})`);
    return found;
  };

  const configure = (change: EmulatorConfigChange): void => {
    for (const id of change.provider ? [change.provider] : providers) {
      const { mock, latency } = emulated(id);
      if (change.tokenLifetimeSeconds !== undefined) {
        const expiresIn = Math.max(1, Math.round((change.tokenLifetimeSeconds * 1000) / mock.expiresInUnitMs));
        mock.configure({ expiresIn });
      }
      if (change.rateLimit !== undefined) mock.configure({ rateLimit: change.rateLimit });
      if (change.tokenLatencyMs !== undefined) latency.token = change.tokenLatencyMs;
      if (change.apiLatencyMs !== undefined) latency.api = change.apiLatencyMs;
      if (change.failNextTokenRequests) {
        const { count, ...failure } = change.failNextTokenRequests;
        mock.failNextTokenRequests(count, failure as MockFailure<never>);
      }
      if (change.revokeTokens) mock.revokeTokens();
      if (change.mockConfig) mock.configure(change.mockConfig);
    }
  };
  if (options.tokenLifetimeSeconds !== undefined) configure({ tokenLifetimeSeconds: options.tokenLifetimeSeconds });

  const statsOf = (provider: EmulatedProvider): EmulatedProviderStats => {
    const { mock, received } = emulated(provider);
    return { ...mock.stats, tokenRequestsReceived: received };
  };
  const stats = (): EmulatorStats => Object.fromEntries(providers.map((id) => [id, statsOf(id)]));
  const reset = (provider?: EmulatedProvider): void => {
    for (const id of provider ? [provider] : providers) {
      const target = emulated(id);
      target.mock.reset();
      target.received = 0;
    }
  };
  const changeSchema = configChangeSchema(providers);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    const text = await readBody(req);
    const body = parseJson(text);
    if (url.pathname.startsWith("/__emulator/")) {
      const action = url.pathname.slice("/__emulator/".length);
      if (action === "stats" && method === "GET") return send(res, { status: 200, headers: {}, body: stats() });
      if (action === "reset" && method === "POST") {
        const provider = url.searchParams.get("provider") ?? undefined;
        if (provider !== undefined && !mocks.has(provider)) return send(res, problem(400, "unknown provider"));
        reset(provider);
        return send(res, { status: 200, headers: {}, body: { reset: provider ?? "all" } });
      }
      if (action === "config" && method === "POST") {
        const change = changeSchema.safeParse(body);
        if (!change.success) return send(res, problem(400, `invalid config: ${z.prettifyError(change.error)}`));
        configure(change.data as EmulatorConfigChange);
        return send(res, { status: 200, headers: {}, body: { ok: true } });
      }
      return send(res, problem(404, "unknown emulator control endpoint"));
    }
    const [, prefix = "", ...rest] = url.pathname.split("/");
    const target = mocks.get(prefix);
    if (!target) return send(res, problem(404, "no emulated provider at this path"));
    const { mock, definition, latency } = target;
    const path = `/${rest.join("/")}`;
    const headers = toHeaders(req);
    if (path === definition.tokenPath) {
      if (method !== "POST") return send(res, problem(405, "token endpoint takes POST"));
      target.received += 1;
      await delay(latency.token);
      return send(res, mock.tokenRequest({ headers, body }));
    }
    await delay(latency.api);
    const denied = mock.authorize(headers);
    if (denied) return send(res, denied);
    const echo = { method, path, query: Object.fromEntries(url.searchParams), body };
    return send(res, { status: 200, headers: {}, body: echo });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, problem(500, "emulator error"));
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  const baseUrls = Object.fromEntries(providers.map((id) => [id, `${origin}/${id}`]));
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: origin,
    providers,
    baseUrls,
    baseUrl: (provider) => {
      emulated(provider);
      return `${origin}/${provider}`;
    },
    stats,
    statsOf,
    lastTokenRequest: (provider) => emulated(provider).mock.lastTokenRequest,
    configure,
    reset,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function problem(status: number, message: string): MockReply<{ error: string }> {
  return { status, headers: {}, body: { error: message } };
}

function send(res: ServerResponse, reply: MockReply<unknown>): void {
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
  });
  res.end(payload);
}

function toHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

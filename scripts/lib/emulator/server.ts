/**
 * A loopback HTTP server emulating Dollr, Turris and Duro at once, for end-to-end tests, the demo,
 * benchmarks and multi-process (Redis) runs. Each provider lives under its own path prefix
 * (`/dollr`, `/turris`, `/duro`): its token endpoint with the provider's exact quirks, and every other
 * path an authenticated echo API. Control endpoints under `/__emulator/` read counters and turn knobs.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type {
  MockClock,
  MockFailure,
  MockReply,
  MockStats,
} from "../../../packages/auth-core/src/testing/mock-authority.ts";
import {
  createDollrTokenMock,
  DOLLR_MOCK_TOKEN_PATH,
} from "../../../packages/dollr/src/testing/mock-token-endpoint.ts";
import { createDuroTokenMock, DURO_MOCK_TOKEN_PATH } from "../../../packages/duro/src/testing/mock-token-endpoint.ts";
import {
  createTurrisTokenMock,
  TURRIS_MOCK_TOKEN_PATH,
} from "../../../packages/turris/src/testing/mock-token-endpoint.ts";

/** The emulated providers, in a fixed order. */
export const EMULATED_PROVIDERS = ["dollr", "turris", "duro"] as const;
/** One emulated provider's id. */
export type EmulatedProvider = (typeof EMULATED_PROVIDERS)[number];

/** Start-up knobs; every one can also be changed later through `configure` or POST /__emulator/config. */
export interface EmulatorOptions {
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
  /** Token-request rate limit per provider; Turris defaults to its documented 10/min, the others to none. */
  rateLimit?: Partial<Record<EmulatedProvider, RateLimitSetting>>;
  /** Turris `x-restricted-access-token` values the API accepts. */
  turrisRestrictedAccessTokens?: readonly string[];
  /** Whether Turris' 201 envelope also carries `statusCode` (the live API does). Default true. */
  turrisIncludeStatusCode?: boolean;
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
  /** Turris only: whether the 201 envelope also carries `statusCode`. */
  turrisIncludeStatusCode?: boolean;
}

/** Counters per provider, as GET /__emulator/stats returns them. */
export type EmulatorStats = Record<EmulatedProvider, MockStats>;

/** A running emulator. */
export interface Emulator {
  readonly host: string;
  readonly port: number;
  /** Origin, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  /** The base URL to give each provider's client. */
  readonly baseUrls: Record<EmulatedProvider, string>;
  stats(): EmulatorStats;
  /** The last token request one provider received: headers (lower-case names) and parsed body. */
  lastTokenRequest(provider: EmulatedProvider): { headers: Record<string, string>; body: unknown } | undefined;
  configure(change: EmulatorConfigChange): void;
  /** Resets counters, tokens and queued failures (of one provider, or all). */
  reset(provider?: EmulatedProvider): void;
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

interface AnyTokenMock {
  readonly expiresInUnitMs: number;
  readonly stats: Readonly<MockStats>;
  readonly lastTokenRequest: { headers: Record<string, string>; body: unknown } | undefined;
  tokenRequest(request: { headers: Headers; body: unknown }): MockReply<unknown>;
  authorize(headers: Headers): MockReply<unknown> | undefined;
  /** Bodies are provider-typed; the emulator forwards whatever the control request gave. */
  failNextTokenRequests(count: number, failure: MockFailure<never>): void;
  revokeTokens(): void;
  configure(options: { expiresIn?: number; rateLimit?: RateLimitSetting }): void;
  reset(): void;
}

const TOKEN_PATHS: Record<EmulatedProvider, string> = {
  dollr: DOLLR_MOCK_TOKEN_PATH,
  turris: TURRIS_MOCK_TOKEN_PATH,
  duro: DURO_MOCK_TOKEN_PATH,
};

const rateLimitSchema = z.union([
  z.literal(false),
  z.strictObject({ limit: z.int().positive(), windowMs: z.number().positive() }),
]);

const configChangeSchema = z.strictObject({
  provider: z.enum(EMULATED_PROVIDERS).optional(),
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
  turrisIncludeStatusCode: z.boolean().optional(),
});

/** Starts the emulator on 127.0.0.1 (port 0 by default) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ? { clock: options.clock } : {};
  const turris = createTurrisTokenMock({
    ...clock,
    ...(options.rateLimit?.turris === undefined ? {} : { rateLimit: options.rateLimit.turris }),
    restrictedAccessTokens: options.turrisRestrictedAccessTokens ?? [],
    includeStatusCode: options.turrisIncludeStatusCode ?? true,
  });
  const mocks: Record<EmulatedProvider, AnyTokenMock> = {
    dollr: createDollrTokenMock({ ...clock, rateLimit: options.rateLimit?.dollr ?? false }),
    turris,
    duro: createDuroTokenMock({ ...clock, rateLimit: options.rateLimit?.duro ?? false }),
  };
  const latency = { token: options.tokenLatencyMs ?? 0, api: options.apiLatencyMs ?? 0 };
  const latencies: Record<EmulatedProvider, { token: number; api: number }> = {
    dollr: { ...latency },
    turris: { ...latency },
    duro: { ...latency },
  };

  const configure = (change: EmulatorConfigChange): void => {
    const targets = change.provider ? [change.provider] : EMULATED_PROVIDERS;
    for (const id of targets) {
      const mock = mocks[id];
      if (change.tokenLifetimeSeconds !== undefined) {
        const expiresIn = Math.max(1, Math.round((change.tokenLifetimeSeconds * 1000) / mock.expiresInUnitMs));
        mock.configure({ expiresIn });
      }
      if (change.rateLimit !== undefined) mock.configure({ rateLimit: change.rateLimit });
      if (change.tokenLatencyMs !== undefined) latencies[id].token = change.tokenLatencyMs;
      if (change.apiLatencyMs !== undefined) latencies[id].api = change.apiLatencyMs;
      if (change.failNextTokenRequests) {
        const { count, ...failure } = change.failNextTokenRequests;
        mock.failNextTokenRequests(count, failure as MockFailure<never>);
      }
      if (change.revokeTokens) mock.revokeTokens();
    }
    if (change.turrisIncludeStatusCode !== undefined)
      turris.configure({ includeStatusCode: change.turrisIncludeStatusCode });
  };
  if (options.tokenLifetimeSeconds !== undefined) configure({ tokenLifetimeSeconds: options.tokenLifetimeSeconds });

  const stats = (): EmulatorStats => ({
    dollr: { ...mocks.dollr.stats },
    turris: { ...mocks.turris.stats },
    duro: { ...mocks.duro.stats },
  });
  const reset = (provider?: EmulatedProvider): void => {
    for (const id of provider ? [provider] : EMULATED_PROVIDERS) mocks[id].reset();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const method = req.method ?? "GET";
    const text = await readBody(req);
    const body = parseJson(text);
    if (url.pathname.startsWith("/__emulator/")) {
      const action = url.pathname.slice("/__emulator/".length);
      if (action === "stats" && method === "GET") return send(res, { status: 200, headers: {}, body: stats() });
      if (action === "reset" && method === "POST") {
        const provider = z
          .enum(EMULATED_PROVIDERS)
          .optional()
          .safeParse(url.searchParams.get("provider") ?? undefined);
        if (!provider.success) return send(res, problem(400, "unknown provider"));
        reset(provider.data);
        return send(res, { status: 200, headers: {}, body: { reset: provider.data ?? "all" } });
      }
      if (action === "config" && method === "POST") {
        const change = configChangeSchema.safeParse(body);
        if (!change.success) return send(res, problem(400, `invalid config: ${z.prettifyError(change.error)}`));
        configure(change.data as EmulatorConfigChange);
        return send(res, { status: 200, headers: {}, body: { ok: true } });
      }
      return send(res, problem(404, "unknown emulator control endpoint"));
    }
    const [, prefix = "", ...rest] = url.pathname.split("/");
    const provider = EMULATED_PROVIDERS.find((id) => id === prefix);
    if (!provider) return send(res, problem(404, "no emulated provider at this path"));
    const mock = mocks[provider];
    const path = `/${rest.join("/")}`;
    const headers = toHeaders(req);
    if (path === TOKEN_PATHS[provider]) {
      if (method !== "POST") return send(res, problem(405, "token endpoint takes POST"));
      await delay(latencies[provider].token);
      return send(res, mock.tokenRequest({ headers, body }));
    }
    await delay(latencies[provider].api);
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
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: origin,
    baseUrls: { dollr: `${origin}/dollr`, turris: `${origin}/turris`, duro: `${origin}/duro` },
    stats,
    lastTokenRequest: (provider) => mocks[provider].lastTokenRequest,
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

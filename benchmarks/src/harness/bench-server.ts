/**
 * The benchmark target: a small HTTP server that runs in its own process (see server-process.ts) so its
 * cost never mixes with the client's. It speaks the three providers' token dialects, serves one
 * authenticated API route, counts token requests, and can revoke tokens to cause a 401 storm.
 *
 *   node --import tsx bench-server.ts      prints {"port": N} on stdout, exits when stdin closes
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/** Behaviour knobs the client can change between measurements (POST /__config). */
export interface ServerConfig {
  /** Lifetime of issued tokens, in seconds. */
  lifetimeSeconds: number;
  /** Delay before answering a token request, in ms (a real token endpoint is slow). */
  tokenLatencyMs: number;
  /** A 401 for a revoked token is answered after a random delay in [0, this] ms. */
  revokeStaggerMs: number;
}

/** Counters returned by GET /__stats. */
export interface ServerStats {
  tokenRequests: number;
  apiRequests: number;
  unauthorized: number;
}

/** A token the server accepts until it expires or is revoked; `static-` tokens never expire. */
interface IssuedToken {
  expiresAt: number;
  revoked: boolean;
}

const config: ServerConfig = { lifetimeSeconds: 3600, tokenLatencyMs: 0, revokeStaggerMs: 0 };
const stats: ServerStats = { tokenRequests: 0, apiRequests: 0, unauthorized: 0 };
const tokens = new Map<string, IssuedToken>();
const TOKEN_PATHS = new Set(["/v1/jwt/client/obtain/token", "/v1/oauth/token", "/v1/auth/jwt"]);
const OK_BODY = JSON.stringify({ ok: true, items: [{ id: "itm_1", amount: 1200, currency: "NGN" }] });

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function issue(): { token: string; seconds: number } {
  const token = `t_${randomBytes(12).toString("hex")}`;
  tokens.set(token, { expiresAt: Date.now() + config.lifetimeSeconds * 1000, revoked: false });
  return { token, seconds: config.lifetimeSeconds };
}

function tokenBody(path: string): { status: number; body: string } | undefined {
  if (path === "/v1/jwt/client/obtain/token") {
    const { token, seconds } = issue();
    return {
      status: 200,
      body: JSON.stringify({ access_token: token, expires_in: Math.max(1, Math.round(seconds / 60)) }),
    };
  }
  if (path === "/v1/oauth/token") {
    const { token, seconds } = issue();
    return { status: 200, body: JSON.stringify({ access_token: token, token_type: "Bearer", expires_in: seconds }) };
  }
  if (path === "/v1/auth/jwt") {
    const { token, seconds } = issue();
    const data = { accessToken: token, expiresIn: seconds, tokenType: "Bearer" };
    return { status: 201, body: JSON.stringify({ data, requestId: `req_${stats.tokenRequests}`, timestamp: "now" }) };
  }
  return undefined;
}

function handleControl(path: string, body: string, response: ServerResponse): void {
  if (path === "/__stats") {
    send(response, 200, JSON.stringify(stats));
    return;
  }
  if (path === "/__reset") {
    stats.tokenRequests = 0;
    stats.apiRequests = 0;
    stats.unauthorized = 0;
    tokens.clear();
    send(response, 200, "{}");
    return;
  }
  if (path === "/__config") {
    Object.assign(config, JSON.parse(body || "{}") as Partial<ServerConfig>);
    send(response, 200, JSON.stringify(config));
    return;
  }
  if (path === "/__revoke") {
    for (const entry of tokens.values()) entry.revoked = true;
    send(response, 200, "{}");
    return;
  }
  send(response, 404, '{"error":"unknown control path"}');
}

function handleApi(request: IncomingMessage, response: ServerResponse): void {
  stats.apiRequests++;
  const header = request.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  if (token.startsWith("static-")) {
    send(response, 200, OK_BODY);
    return;
  }
  const entry = tokens.get(token);
  if (entry && !entry.revoked && entry.expiresAt > Date.now()) {
    send(response, 200, OK_BODY);
    return;
  }
  stats.unauthorized++;
  const body = '{"error":{"code":"unauthorized","message":"invalid token"}}';
  if (entry?.revoked && config.revokeStaggerMs > 0) {
    setTimeout(() => send(response, 401, body), Math.random() * config.revokeStaggerMs);
    return;
  }
  send(response, 401, body);
}

const server = createServer((request, response) => {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (path.startsWith("/__")) {
      handleControl(path, Buffer.concat(chunks).toString("utf8"), response);
      return;
    }
    if (request.method === "POST" && TOKEN_PATHS.has(path)) {
      stats.tokenRequests++;
      // The delay comes before issuing, as in a real endpoint: the lifetime starts when the token is made.
      const answer = (): void => {
        const token = tokenBody(path);
        if (token) send(response, token.status, token.body);
      };
      if (config.tokenLatencyMs > 0) setTimeout(answer, config.tokenLatencyMs);
      else answer();
      return;
    }
    handleApi(request, response);
  });
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));

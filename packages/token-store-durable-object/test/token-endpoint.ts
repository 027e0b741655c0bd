/**
 * A loopback stand-in for Dollr's token endpoint and API, for the workerd fleet test: counts token
 * requests as they arrive, can hold the next one open (to kill its caller mid-fetch), and answers API
 * calls only with a token it issued.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Dollr's token path (`/{version}/jwt/client/obtain/token`, version `v1`). */
export const TOKEN_PATH = "/v1/jwt/client/obtain/token";

/** A running endpoint. */
export interface TokenEndpoint {
  /** The base URL to give the Dollr client, e.g. http://127.0.0.1:54321. */
  readonly url: string;
  /** Token requests received so far (counted on arrival, held ones included). */
  tokenRequests(): number;
  /** API calls answered 200 so far. */
  authorizedCalls(): number;
  /** Holds the next token request open until its caller goes away; resolves when it arrived. */
  holdNextTokenRequest(): { arrived: Promise<void>; callerGone: Promise<void> };
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(payload) });
  res.end(payload);
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // the body is not needed
  }
}

/** Starts the endpoint on 127.0.0.1 with a free port. Tokens last 60 minutes (Dollr counts minutes). */
export async function startTokenEndpoint(): Promise<TokenEndpoint> {
  const issued = new Set<string>();
  let tokenRequests = 0;
  let authorized = 0;
  let hold: { arrived: () => void; callerGone: () => void } | undefined;

  const server = createServer((req, res) => {
    void drain(req).then(() => {
      const path = new URL(req.url ?? "/", "http://endpoint").pathname;
      if (path === TOKEN_PATH && req.method === "POST") {
        tokenRequests++;
        const held = hold;
        hold = undefined;
        if (held) {
          held.arrived();
          res.on("close", held.callerGone);
          return; // never answered: the caller must give up or die
        }
        const accessToken = `at-${tokenRequests}`;
        issued.add(accessToken);
        return json(res, 200, { access_token: accessToken, expires_in: 60 });
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      if (bearer === undefined || !issued.has(bearer)) return json(res, 401, { detail: "Not authenticated" });
      authorized++;
      return json(res, 200, { ok: true, path });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenRequests: () => tokenRequests,
    authorizedCalls: () => authorized,
    holdNextTokenRequest() {
      let arrived: () => void = () => undefined;
      let callerGone: () => void = () => undefined;
      const result = {
        arrived: new Promise<void>((resolve) => {
          arrived = resolve;
        }),
        callerGone: new Promise<void>((resolve) => {
          callerGone = resolve;
        }),
      };
      hold = { arrived, callerGone };
      return result;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * One provider's mock as a Web request handler (`Request` in, `Response` out): the token endpoint in
 * the provider's dialect, and every other path an authenticated echo API with queued faults. The
 * loopback mock server wraps it; it imports neither msw nor a Node built-in.
 */
import { MockApiFaults } from "./api-faults.js";
import { echoOf, readJson } from "./echo-api.js";
import type { MockReply } from "./mock-authority.js";
import type { AnyProviderTokenMock, ProviderMockDefinition } from "./provider-definition.js";
import type { TokenMockOptions } from "./token-mock.js";

/** A provider mock answering Web requests, with its token mock (counters, knobs) and echo-API faults. */
export interface MockRequestHandler<TMock extends AnyProviderTokenMock> {
  /** The provider's token mock answering the token endpoint: counters, failure queue and knobs. */
  readonly mock: TMock;
  /** The echo API's faults and counters (see MswMockParts.api). */
  readonly api: MockApiFaults;
  /** Answers one request; `baseUrl` is the origin (and path) the mock is served at. */
  handle(request: Request, baseUrl: string): Promise<Response>;
}

/** JSON response of a mock reply. */
function replyResponse(reply: MockReply<unknown>): Response {
  const headers = new Headers(reply.headers);
  headers.set("content-type", "application/json");
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers });
}

/** Builds the Web request handler of a provider's mock. */
export function createMockRequestHandler<TMock extends AnyProviderTokenMock, TOptions extends TokenMockOptions>(
  definition: ProviderMockDefinition<TMock, TOptions>,
  options?: TOptions,
): MockRequestHandler<TMock> {
  const mock = definition.createTokenMock(options);
  const api = new MockApiFaults(definition.apiFaults);
  return {
    mock,
    api,
    async handle(request, baseUrl) {
      const base = new URL(baseUrl);
      const path = new URL(request.url).pathname.slice(base.pathname.replace(/\/$/, "").length);
      if (path === definition.tokenPath) {
        if (request.method !== "POST") return replyResponse({ status: 405, headers: { allow: "POST" }, body: {} });
        return replyResponse(mock.tokenRequest({ headers: request.headers, body: await readJson(request) }));
      }
      const denied = mock.authorize(request.headers);
      if (denied) return replyResponse(denied);
      return api.handle(request, async () => Response.json(await echoOf(request, baseUrl)));
    },
  };
}

/**
 * @scope/dollr/testing: msw handlers that emulate Dollr's token endpoint (and, optionally, an
 * authenticated echo API) so code using createDollrClient can be tested offline.
 * Requires msw 2 (an optional peer dependency).
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import type { components } from "./generated/openapi.gen.js";
import { DOLLR_DEFAULT_BASE_URL } from "./options.js";
import {
  createDollrTokenMock,
  DOLLR_MOCK_TOKEN_PATH,
  type DollrErrorBody,
  type DollrMockOptions,
  type DollrTokenBody,
  type DollrTokenMock,
} from "./testing/mock-token-endpoint.js";

export type { MockClock, MockFailure, MockRateLimit, MockReply, MockStats } from "./testing/mock-authority.js";
export {
  createDollrTokenMock,
  DOLLR_MOCK_TOKEN_PATH,
  type DollrErrorBody,
  type DollrMockOptions,
  type DollrTokenBody,
  type DollrTokenMock,
} from "./testing/mock-token-endpoint.js";

/** Options of createDollrMock: the mock's knobs plus where its handlers listen. */
export interface DollrMswOptions extends DollrMockOptions {
  /** Base URL the handlers answer on. Default https://api.heydollr.app. */
  baseUrl?: string;
  /** Also answer every other path with a 401-or-echo handler that checks the bearer token. Default false. */
  echoApi?: boolean;
}

/** A Dollr mock with ready msw handlers: `setupServer(...mock.handlers)`. */
export interface DollrMock extends DollrTokenMock {
  readonly handlers: HttpHandler[];
  /** Returns the 401 response for an unauthenticated request, or `undefined` when the token is valid. */
  requireAuth(request: Request): Response | undefined;
}

/** What the echo API answers for an authorized request. */
export interface EchoBody {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

/** Creates msw handlers emulating Dollr's token endpoint, plus its counters and knobs. */
export function createDollrMock(options: DollrMswOptions = {}): DollrMock {
  const { baseUrl = DOLLR_DEFAULT_BASE_URL, echoApi = false, ...mockOptions } = options;
  const base = baseUrl.replace(/\/+$/, "");
  const mock = createDollrTokenMock(mockOptions);
  const requireAuth = (request: Request): Response | undefined => {
    const denied = mock.authorize(request.headers);
    return denied && HttpResponse.json(denied.body, { status: denied.status, headers: denied.headers });
  };
  const handlers: HttpHandler[] = [
    http.post<never, DollrTokenRequestBody, DollrTokenBody | DollrErrorBody>(
      `${base}${DOLLR_MOCK_TOKEN_PATH}`,
      async ({ request }) => {
        const reply = mock.tokenRequest({ headers: request.headers, body: await readJson(request) });
        return HttpResponse.json(reply.body, { status: reply.status, headers: reply.headers });
      },
    ),
  ];
  if (echoApi) {
    handlers.push(
      http.all<never, never, EchoBody | DollrErrorBody>(`${base}/*`, async ({ request }) => {
        const denied = mock.authorize(request.headers);
        if (denied) return HttpResponse.json(denied.body, { status: denied.status, headers: denied.headers });
        const url = new URL(request.url);
        const echo: EchoBody = {
          method: request.method,
          path: url.pathname.slice(new URL(base).pathname.replace(/\/$/, "").length),
          query: Object.fromEntries(url.searchParams),
          body: await readJson(request),
        };
        return HttpResponse.json(echo);
      }),
    );
  }
  // The mock's getters (stats, lastTokenRequest) stay live through the prototype.
  return Object.assign(Object.create(mock) as DollrTokenMock, { handlers, requireAuth });
}

type DollrTokenRequestBody = components["schemas"]["ClientCredentialObtainTokenPayload"];

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

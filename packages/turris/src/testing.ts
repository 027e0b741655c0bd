/**
 * @scope/turris/testing: msw handlers that emulate Turris' token endpoint (and, optionally, an
 * authenticated echo API) so code using createTurrisClient can be tested offline.
 * Requires msw 2 (an optional peer dependency).
 */
import { type EchoBody, echoOf, MockApiFaults, readJson } from "@scope/auth-core/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { components } from "./generated/openapi.gen.js";
import { TURRIS_DEFAULT_BASE_URL } from "./options.js";
import {
  createTurrisTokenMock,
  TURRIS_MOCK_TOKEN_PATH,
  type TurrisErrorBody,
  type TurrisMockOptions,
  type TurrisTokenBody,
  type TurrisTokenMock,
} from "./testing/mock-token-endpoint.js";

export type {
  ApiFault,
  ApiFaultStats,
  EchoBody,
  MockClock,
  MockFailure,
  MockRateLimit,
  MockReply,
  MockStats,
} from "@scope/auth-core/testing";
export {
  createTurrisTokenMock,
  TURRIS_MOCK_TOKEN_PATH,
  type TurrisErrorBody,
  type TurrisMockOptions,
  type TurrisTokenBody,
  type TurrisTokenMock,
} from "./testing/mock-token-endpoint.js";

/** Options of createTurrisMock: the mock's knobs plus where its handlers listen. */
export interface TurrisMswOptions extends TurrisMockOptions {
  /** Base URL the handlers answer on. Default: the production server. */
  baseUrl?: string;
  /** Also answer every other path with a 401-or-echo handler that checks the credentials. Default false. */
  echoApi?: boolean;
}

/** A Turris mock with ready msw handlers: `setupServer(...mock.handlers)`. */
export interface TurrisMock extends TurrisTokenMock {
  readonly handlers: HttpHandler[];
  /**
   * The echo API's faults and counters: `api.failNext(n, fault)` fails the next n API calls (429 with
   * Retry-After, 503, a dropped connection, or commit-then-drop); `api.executions(key)` counts effects per
   * idempotency key (Turris' `idempotency-key` header); a repeated key gets the stored response.
   */
  readonly api: MockApiFaults;
  /** Returns the 401 response for an unauthenticated request, or `undefined` when the token is valid. */
  requireAuth(request: Request): Response | undefined;
}

/** Creates msw handlers emulating Turris's token endpoint, plus its counters and knobs. */
export function createTurrisMock(options: TurrisMswOptions = {}): TurrisMock {
  const { baseUrl = TURRIS_DEFAULT_BASE_URL, echoApi = false, ...mockOptions } = options;
  const base = baseUrl.replace(/\/+$/, "");
  const mock = createTurrisTokenMock(mockOptions);
  const requireAuth = (request: Request): Response | undefined => {
    const denied = mock.authorize(request.headers);
    return denied && HttpResponse.json(denied.body, { status: denied.status, headers: denied.headers });
  };
  const api = new MockApiFaults({
    idempotencyHeader: "idempotency-key",
    errorBody: (status) => ({
      statusCode: status,
      requestId: "turris-injected",
      errorType: "INJECTED_FAILURE",
      errorMessage: [`Injected failure (HTTP ${status})`],
      timestamp: new Date(0).toISOString(),
    }),
  });
  const handlers: HttpHandler[] = [
    http.post<never, TurrisTokenRequestBody, TurrisTokenBody | TurrisErrorBody>(
      `${base}${TURRIS_MOCK_TOKEN_PATH}`,
      async ({ request }) => {
        const reply = mock.tokenRequest({ headers: request.headers, body: await readJson(request) });
        return HttpResponse.json(reply.body, { status: reply.status, headers: reply.headers });
      },
    ),
  ];
  if (echoApi) {
    handlers.push(
      http.all<never, never, EchoBody | TurrisErrorBody>(`${base}/*`, async ({ request }) => {
        const denied = mock.authorize(request.headers);
        if (denied) return HttpResponse.json(denied.body, { status: denied.status, headers: denied.headers });
        return api.handle(request, async () => HttpResponse.json(await echoOf(request, base)));
      }),
    );
  }
  // The mock's getters (stats, lastTokenRequest) stay live through the prototype.
  return Object.assign(Object.create(mock) as TurrisTokenMock, { handlers, requireAuth, api });
}

type TurrisTokenRequestBody = components["schemas"]["GetTokenDto"];

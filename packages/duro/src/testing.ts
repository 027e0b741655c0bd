/**
 * @scope/duro/testing: msw handlers that emulate Duro's token endpoint (and, optionally, an
 * authenticated echo API) so code using createDuroClient can be tested offline.
 * Requires msw 2 (an optional peer dependency).
 */
import { type EchoBody, echoOf, MockApiFaults, readJson } from "@scope/auth-core/testing";
import { type HttpHandler, HttpResponse, http } from "msw";
import type { operations } from "./generated/openapi.gen.js";
import { DURO_DEFAULT_BASE_URL } from "./options.js";
import {
  createDuroTokenMock,
  DURO_MOCK_TOKEN_PATH,
  type DuroErrorBody,
  type DuroMockOptions,
  type DuroTokenBody,
  type DuroTokenMock,
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
  createDuroTokenMock,
  DURO_MOCK_TOKEN_PATH,
  type DuroErrorBody,
  type DuroMockOptions,
  type DuroTokenBody,
  type DuroTokenMock,
} from "./testing/mock-token-endpoint.js";

/** Options of createDuroMock: the mock's knobs plus where its handlers listen. */
export interface DuroMswOptions extends DuroMockOptions {
  /** Base URL the handlers answer on. Default: the production server. */
  baseUrl?: string;
  /** Also answer every other path with a 401-or-echo handler that checks the credentials. Default false. */
  echoApi?: boolean;
}

/** A Duro mock with ready msw handlers: `setupServer(...mock.handlers)`. */
export interface DuroMock extends DuroTokenMock {
  readonly handlers: HttpHandler[];
  /**
   * The echo API's faults and counters: `api.failNext(n, fault)` fails the next n API calls (429 with
   * Retry-After, 503, a dropped connection, or commit-then-drop); `api.executions(key)` counts effects per
   * idempotency key (Duro's `Idempotency-Key` header); a repeated key gets the stored response.
   */
  readonly api: MockApiFaults;
  /** Returns the 401 response for an unauthenticated request, or `undefined` when the token is valid. */
  requireAuth(request: Request): Response | undefined;
}

/** Creates msw handlers emulating Duro's token endpoint, plus its counters and knobs. */
export function createDuroMock(options: DuroMswOptions = {}): DuroMock {
  const { baseUrl = DURO_DEFAULT_BASE_URL, echoApi = false, ...mockOptions } = options;
  const base = baseUrl.replace(/\/+$/, "");
  const mock = createDuroTokenMock(mockOptions);
  const requireAuth = (request: Request): Response | undefined => {
    const denied = mock.authorize(request.headers);
    return denied && HttpResponse.json(denied.body, { status: denied.status, headers: denied.headers });
  };
  const api = new MockApiFaults({
    idempotencyHeader: "Idempotency-Key",
    errorBody: (status) => ({ error: { code: "injected_failure", message: `Injected failure (HTTP ${status})` } }),
  });
  const handlers: HttpHandler[] = [
    http.post<never, DuroTokenRequestBody, DuroTokenBody | DuroErrorBody>(
      `${base}${DURO_MOCK_TOKEN_PATH}`,
      async ({ request }) => {
        const reply = mock.tokenRequest({ headers: request.headers, body: await readJson(request) });
        return HttpResponse.json(reply.body, { status: reply.status, headers: reply.headers });
      },
    ),
  ];
  if (echoApi) {
    handlers.push(
      http.all<never, never, EchoBody | DuroErrorBody>(`${base}/*`, async ({ request }) => {
        const denied = mock.authorize(request.headers);
        if (denied) return HttpResponse.json(denied.body, { status: denied.status, headers: denied.headers });
        return api.handle(request, async () => HttpResponse.json(await echoOf(request, base)));
      }),
    );
  }
  // The mock's getters (stats, lastTokenRequest) stay live through the prototype.
  return Object.assign(Object.create(mock) as DuroTokenMock, { handlers, requireAuth, api });
}

type DuroTokenRequestBody = operations["oauthToken"]["requestBody"]["content"]["application/json"];

/**
 * @scope/dollr/testing: msw handlers that emulate Dollr's token endpoint (and, optionally, an
 * authenticated echo API) so code using createDollrClient can be tested offline.
 * Requires msw 2 (an optional peer dependency).
 */
import { type EchoBody, echoOf, MockApiFaults, readJson } from "@scope/auth-core/testing";
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
  /**
   * The echo API's faults and counters: `api.failNext(n, fault)` fails the next n API calls (429 with
   * Retry-After, 503, a dropped connection, or commit-then-drop); `api.executions(key)` counts effects per
   * idempotency key (Dollr's idempotency key is the body field `reference_id`); a repeated key gets the stored response.
   */
  readonly api: MockApiFaults;
  /** Returns the 401 response for an unauthenticated request, or `undefined` when the token is valid. */
  requireAuth(request: Request): Response | undefined;
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
  const api = new MockApiFaults({
    idempotencyBodyField: "reference_id",
    errorBody: (status) => ({ detail: `Injected failure (HTTP ${status})` }),
  });
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
        return api.handle(request, async () => HttpResponse.json(await echoOf(request, base)));
      }),
    );
  }
  // The mock's getters (stats, lastTokenRequest) stay live through the prototype.
  return Object.assign(Object.create(mock) as DollrTokenMock, { handlers, requireAuth, api });
}

type DollrTokenRequestBody = components["schemas"]["ClientCredentialObtainTokenPayload"];

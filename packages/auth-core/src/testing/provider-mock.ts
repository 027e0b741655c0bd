/**
 * One way to build a provider package's `/testing` export: a provider defines its mock once
 * (`defineProviderMock`: token-mock factory, default base URL, API fault shape) and gets msw handlers
 * for its token endpoint and an authenticated echo API, with counters and knobs
 * (`createProviderMock`). The loopback emulator reads the same definition. msw is an optional peer.
 */
import { type HttpHandler, HttpResponse, http, type JsonBodyType } from "msw";
import { MockApiFaults } from "./api-faults.js";
import { echoOf, readJson } from "./echo-api.js";
import type { MockReply } from "./mock-authority.js";
import type { AnyProviderTokenMock, ProviderMockDefinition } from "./provider-definition.js";
import type { TokenMockOptions } from "./token-mock.js";

export { type AnyProviderTokenMock, defineProviderMock, type ProviderMockDefinition } from "./provider-definition.js";

/** Where a provider mock's msw handlers listen. */
export interface ProviderMswOptions {
  /** Base URL the handlers answer on. Default: the provider's production base URL. */
  baseUrl?: string;
  /** Also answer every other path with a 401-or-echo handler that checks the credentials. Default false. */
  echoApi?: boolean;
}

/** What the msw layer adds to a token mock. */
export interface MswMockParts {
  /** `setupServer(...mock.handlers)`. */
  readonly handlers: HttpHandler[];
  /**
   * The echo API's faults and counters: `api.failNext(n, fault)` fails the next n API calls (429 with
   * Retry-After, 503, a dropped connection, or commit-then-drop); `api.executions(key)` counts effects per
   * idempotency key (the provider's idempotency header or body field); a repeated key gets the stored response.
   */
  readonly api: MockApiFaults;
  /** Returns the 401 response for an unauthenticated request, or `undefined` when the credentials are valid. */
  requireAuth(request: Request): Response | undefined;
}

/** Creates msw handlers emulating a provider's token endpoint (and optionally its echo API), plus counters and knobs. */
export function createProviderMock<TMock extends AnyProviderTokenMock, TOptions extends TokenMockOptions>(
  definition: ProviderMockDefinition<TMock, TOptions>,
  options: TOptions & ProviderMswOptions = {} as TOptions & ProviderMswOptions,
): TMock & MswMockParts {
  const { baseUrl = definition.defaultBaseUrl, echoApi = false, ...mockOptions } = options;
  const base = baseUrl.replace(/\/+$/, "");
  const mock = definition.createTokenMock(mockOptions as unknown as TOptions);
  const respond = (reply: MockReply<unknown>): Response =>
    HttpResponse.json(reply.body as JsonBodyType, { status: reply.status, headers: reply.headers });
  const requireAuth = (request: Request): Response | undefined => {
    const denied = mock.authorize(request.headers);
    return denied && respond(denied);
  };
  const api = new MockApiFaults(definition.apiFaults);
  const handlers: HttpHandler[] = [
    http.post(`${base}${definition.tokenPath}`, async ({ request }) =>
      respond(mock.tokenRequest({ headers: request.headers, body: await readJson(request) })),
    ),
  ];
  if (echoApi) {
    handlers.push(
      http.all(`${base}/*`, async ({ request }) => {
        const denied = requireAuth(request);
        if (denied) return denied;
        return api.handle(request, async () => HttpResponse.json(await echoOf(request, base)));
      }),
    );
  }
  // The mock's getters (stats, lastTokenRequest) stay live through the prototype.
  return Object.assign(Object.create(mock) as TMock, { handlers, requireAuth, api });
}

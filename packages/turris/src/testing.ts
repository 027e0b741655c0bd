/**
 * @scope/turris/testing: msw handlers that emulate Turris' token endpoint (and, optionally, an
 * authenticated echo API) so code using createTurrisClient can be tested offline. Built with
 * auth-core's generic provider mock; its idempotency key is Turris' `idempotency-key` header.
 * Requires msw 2 (an optional peer dependency).
 */
import { createProviderMock, type MswMockParts, type ProviderMswOptions } from "@scope/auth-core/testing";
import { mockDefinition, type TurrisMockOptions, type TurrisTokenMock } from "./testing/mock-token-endpoint.js";

export type * from "@scope/auth-core/testing";
export * from "./testing/mock-token-endpoint.js";

/** Options of createTurrisMock: the mock's knobs plus where its handlers listen (default: the production server). */
export interface TurrisMswOptions extends TurrisMockOptions, ProviderMswOptions {}

/** A Turris mock with ready msw handlers: `setupServer(...mock.handlers)`. */
export interface TurrisMock extends TurrisTokenMock, MswMockParts {}

/** Creates msw handlers emulating Turris' token endpoint, plus its counters and knobs. */
export function createTurrisMock(options: TurrisMswOptions = {}): TurrisMock {
  return createProviderMock(mockDefinition, options);
}

/**
 * @scope/duro/testing: msw handlers that emulate Duro's token endpoint (and, optionally, an
 * authenticated echo API) so code using createDuroClient can be tested offline. Built with
 * auth-core's generic provider mock; its idempotency key is Duro's `Idempotency-Key` header.
 * Requires msw 2 (an optional peer dependency).
 */
import { createProviderMock, type MswMockParts, type ProviderMswOptions } from "@scope/auth-core/testing";
import { type DuroMockOptions, type DuroTokenMock, mockDefinition } from "./testing/mock-token-endpoint.js";

export type * from "@scope/auth-core/testing";
export * from "./testing/mock-token-endpoint.js";

/** Options of createDuroMock: the mock's knobs plus where its handlers listen (default: the production server). */
export interface DuroMswOptions extends DuroMockOptions, ProviderMswOptions {}

/** A Duro mock with ready msw handlers: `setupServer(...mock.handlers)`. */
export interface DuroMock extends DuroTokenMock, MswMockParts {}

/** Creates msw handlers emulating Duro's token endpoint, plus its counters and knobs. */
export function createDuroMock(options: DuroMswOptions = {}): DuroMock {
  return createProviderMock(mockDefinition, options);
}

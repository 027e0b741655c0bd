/**
 * @scope/dollr/testing: msw handlers that emulate Dollr's token endpoint (and, optionally, an
 * authenticated echo API) so code using createDollrClient can be tested offline. Built with
 * auth-core's generic provider mock; Dollr's idempotency key is the body field `reference_id`.
 * Requires msw 2 (an optional peer dependency).
 */
import { createProviderMock, type MswMockParts, type ProviderMswOptions } from "@scope/auth-core/testing";
import { type DollrMockOptions, type DollrTokenMock, mockDefinition } from "./testing/mock-token-endpoint.js";

export type * from "@scope/auth-core/testing";
export * from "./testing/mock-token-endpoint.js";

/** Options of createDollrMock: the mock's knobs plus where its handlers listen (default https://api.heydollr.app). */
export interface DollrMswOptions extends DollrMockOptions, ProviderMswOptions {}

/** A Dollr mock with ready msw handlers: `setupServer(...mock.handlers)`. */
export interface DollrMock extends DollrTokenMock, MswMockParts {}

/** Creates msw handlers emulating Dollr's token endpoint, plus its counters and knobs. */
export function createDollrMock(options: DollrMswOptions = {}): DollrMock {
  return createProviderMock(mockDefinition, options);
}

/**
 * A provider's mock, defined once (token-mock factory, token path, default base URL, API fault shape)
 * and read by the msw handlers (provider-mock.ts), the loopback mock server (node-server.ts) and the
 * repository's emulator. Imports neither msw nor a Node built-in.
 */
import type { MockApiFaultsOptions } from "./api-faults.js";
import type { ProviderTokenMock, TokenMockOptions } from "./token-mock.js";

/** The token-mock shape every definition's factory returns (any dialect; its methods take the dialect's own bodies). */
export type AnyProviderTokenMock = ProviderTokenMock<string, unknown, unknown, object>;

/** Everything the msw handlers and the emulator need to know about one provider's mock. */
export interface ProviderMockDefinition<TMock extends AnyProviderTokenMock, TOptions extends TokenMockOptions> {
  /** Provider name, e.g. "turris" (also the `<provider>-mock` command's name). */
  readonly provider: TMock["provider"];
  /** The token path as routed on the provider's base URL. */
  readonly tokenPath: string;
  /** Base URL the msw handlers answer on by default. */
  readonly defaultBaseUrl: string;
  /** Idempotency-key location and error shape of the echo API's injected faults. */
  readonly apiFaults: MockApiFaultsOptions;
  /** Creates the framework-free token mock. */
  createTokenMock(options?: TOptions): TMock;
}

/** Declares a provider's mock (the identity function, for inference). */
export function defineProviderMock<TMock extends AnyProviderTokenMock, TOptions extends TokenMockOptions>(
  definition: ProviderMockDefinition<TMock, TOptions>,
): ProviderMockDefinition<TMock, TOptions> {
  return definition;
}

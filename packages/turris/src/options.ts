/**
 * Validation of createTurrisClient's options with auth-core's options resolver: client credentials
 * or a static restricted access token (the `alternative` credential), and an environment from the
 * spec's servers; unknown options rejected. Messages name the option, never its value.
 */
import { type ConnectionOptions, type CredentialsOr, clientOptionsResolver } from "@scope/auth-core";
import { environments } from "./generated/spec.gen.js";

/** Turris' environments and base URLs, from the spec's servers. */
export const TURRIS_ENVIRONMENTS = environments;

/** An environment name Turris has. */
export type TurrisEnvironment = keyof typeof TURRIS_ENVIRONMENTS;

/** Turris' production base URL (the default). */
export const TURRIS_DEFAULT_BASE_URL = TURRIS_ENVIRONMENTS.production;

/** Options shared by both ways of authenticating ("production", the default, or "sandbox"). */
export interface TurrisCommonOptions extends ConnectionOptions<TurrisEnvironment> {}

/** Options of createTurrisClient: client credentials, or a static `restrictedAccessToken`. */
export type TurrisClientOptions = TurrisCommonOptions & CredentialsOr<"restrictedAccessToken">;

/** Validates createTurrisClient's options; throws ClientOptionsError naming the bad option. */
export const resolveTurrisOptions = clientOptionsResolver({
  factory: "createTurrisClient",
  environments: TURRIS_ENVIRONMENTS,
  alternative: { option: "restrictedAccessToken" },
});

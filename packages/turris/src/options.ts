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

/** The environment variables createTurrisClient reads client credentials from when the options pass no credential. */
export const TURRIS_ENV_VARIABLES = { clientId: "TURRIS_CLIENT_ID", clientSecret: "TURRIS_CLIENT_SECRET" } as const;

/** Turris' alternative to client credentials: a static restricted access token. */
export interface TurrisRestrictedTokenOption {
  /**
   * A static restricted access token issued by Turris, sent in the `x-restricted-access-token` header of
   * every API request (no token requests are made); excludes `clientId` / `clientSecret`. Default: none.
   */
  restrictedAccessToken: string;
}

/**
 * Options of createTurrisClient: client credentials, a static `restrictedAccessToken`, or neither
 * (then `TURRIS_CLIENT_ID` / `TURRIS_CLIENT_SECRET` are read where `process.env` exists).
 */
export type TurrisClientOptions = TurrisCommonOptions & CredentialsOr<TurrisRestrictedTokenOption>;

/** Validates createTurrisClient's options; throws ClientOptionsError naming the bad option. */
export const resolveTurrisOptions = clientOptionsResolver({
  factory: "createTurrisClient",
  environments: TURRIS_ENVIRONMENTS,
  alternative: { option: "restrictedAccessToken" },
  variables: TURRIS_ENV_VARIABLES,
});

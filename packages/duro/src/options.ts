/**
 * Validation of createDuroClient's options with auth-core's options resolver: client credentials or
 * a secret key (the `alternative` credential; `sk_test_` implies sandbox, `sk_live_` production), and
 * an environment from the spec's servers; unknown options rejected. Messages name the option, never its value.
 */
import {
  ClientOptionsError,
  type ConnectionOptions,
  type CredentialsOr,
  clientOptionsResolver,
} from "@scope/auth-core";
import { environments } from "./generated/spec.gen.js";

/** Duro's environments and base URLs, from the spec's servers. */
export const DURO_ENVIRONMENTS = environments;

/** An environment name Duro has. */
export type DuroEnvironment = keyof typeof DURO_ENVIRONMENTS;

/** Duro's production base URL (the default). */
export const DURO_DEFAULT_BASE_URL = DURO_ENVIRONMENTS.production;

/** Options shared by both ways of authenticating ("production", the default, or "sandbox"; with an apiKey, implied by its prefix). */
export interface DuroCommonOptions extends ConnectionOptions<DuroEnvironment> {}

/**
 * The environment variables createDuroClient reads credentials from when the options pass none:
 * `DURO_CLIENT_ID` + `DURO_CLIENT_SECRET`, else `DURO_API_KEY`.
 */
export const DURO_ENV_VARIABLES = {
  clientId: "DURO_CLIENT_ID",
  clientSecret: "DURO_CLIENT_SECRET",
  alternative: "DURO_API_KEY",
} as const;

/** Duro's alternative to client credentials: a secret key. */
export interface DuroApiKeyOption {
  /**
   * A Duro secret key, sent as the bearer of every API request (no token requests are made); `sk_test_`
   * implies the sandbox, `sk_live_` production. Excludes `clientId` / `clientSecret`. Default: `DURO_API_KEY`
   * from the environment when no client credentials are there.
   */
  apiKey: `sk_test_${string}` | `sk_live_${string}`;
}

/**
 * Options of createDuroClient: client credentials, a secret key (`sk_test_…` / `sk_live_…`), or
 * neither (then `DURO_CLIENT_ID` / `DURO_CLIENT_SECRET`, else `DURO_API_KEY`, where `process.env` exists).
 */
export type DuroClientOptions = DuroCommonOptions & CredentialsOr<DuroApiKeyOption>;

const FACTORY = "createDuroClient";

/** The environment a secret key belongs to, from its prefix. */
const KEY_ENVIRONMENTS: ReadonlyArray<readonly [string, DuroEnvironment]> = [
  ["sk_test_", "sandbox"],
  ["sk_live_", "production"],
];

/** The environment a secret key implies; throws when it is no secret key or contradicts `requested`. */
function keyEnvironment(apiKey: string, requested: DuroEnvironment | undefined): DuroEnvironment {
  const match = KEY_ENVIRONMENTS.find(([prefix]) => apiKey.startsWith(prefix) && apiKey.length > prefix.length);
  if (!match) {
    throw new ClientOptionsError(
      `${FACTORY}: option "apiKey" must be a secret key starting sk_test_ or sk_live_`,
      "apiKey",
    );
  }
  const [prefix, implied] = match;
  if (requested !== undefined && requested !== implied) {
    throw new ClientOptionsError(
      `${FACTORY}: option "apiKey" is a ${prefix} key (${implied}) but option "environment" is "${requested}"`,
      "environment",
    );
  }
  return implied;
}

/** Validates createDuroClient's options; throws ClientOptionsError naming the bad option. */
export const resolveDuroOptions = clientOptionsResolver({
  factory: FACTORY,
  environments: DURO_ENVIRONMENTS,
  alternative: { option: "apiKey", environmentOf: keyEnvironment },
  variables: DURO_ENV_VARIABLES,
});

/**
 * Validation of createDollrClient's options with auth-core's options resolver: the shape is checked
 * at construction (unknown options rejected) and every message names the option without ever echoing its value.
 */
import { type ClientCredentialsOrEnvironment, type ConnectionOptions, clientOptionsResolver } from "@scope/auth-core";
import { environments } from "./generated/spec.gen.js";

/** Dollr's API host; its OpenAPI document lists no servers. */
export const DOLLR_DEFAULT_BASE_URL = "https://api.heydollr.app";

/** Base URL per environment: Dollr's only host as production, plus any the spec declares. */
export const DOLLR_ENVIRONMENTS = { production: DOLLR_DEFAULT_BASE_URL, ...environments } as const;

/** An environment name Dollr has. */
export type DollrEnvironment = keyof typeof DOLLR_ENVIRONMENTS;

/** The environment variables createDollrClient reads credentials from when the options omit them. */
export const DOLLR_ENV_VARIABLES = { clientId: "DOLLR_CLIENT_ID", clientSecret: "DOLLR_CLIENT_SECRET" } as const;

/**
 * Options of createDollrClient (Dollr has one environment, "production"; baseUrl default
 * https://api.heydollr.app): `clientId` and `clientSecret` together, or neither (then read from
 * `DOLLR_CLIENT_ID` / `DOLLR_CLIENT_SECRET` where `process.env` exists).
 */
export type DollrClientOptions = ConnectionOptions<DollrEnvironment> & ClientCredentialsOrEnvironment;

/** Validates createDollrClient's options; throws ClientOptionsError naming each bad option. */
export const resolveDollrOptions = clientOptionsResolver({
  factory: "createDollrClient",
  environments: DOLLR_ENVIRONMENTS,
  variables: DOLLR_ENV_VARIABLES,
});

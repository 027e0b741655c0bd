/**
 * Validation of createDollrClient's options: a schema checks the shape at construction, and every
 * message names the option without ever echoing its value.
 */
import type { AuthTuningOptions } from "@scope/auth-core";
import {
  connectionShape,
  type FetchLike,
  optionsError,
  requiredString,
  resolveConnection,
  schema as s,
} from "@scope/auth-core";
import { environments } from "./generated/spec.gen.js";

/** Dollr's API host; its OpenAPI document lists no servers. */
export const DOLLR_DEFAULT_BASE_URL = "https://api.heydollr.app";

/** Base URL per environment: Dollr's only host as production, plus any the spec declares. */
export const DOLLR_ENVIRONMENTS = { production: DOLLR_DEFAULT_BASE_URL, ...environments } as const;

/** An environment name Dollr has. */
export type DollrEnvironment = keyof typeof DOLLR_ENVIRONMENTS;

/** Options of createDollrClient. */
export interface DollrClientOptions extends AuthTuningOptions {
  clientId: string;
  clientSecret: string;
  /** API base URL; overrides `environment`. Default https://api.heydollr.app. */
  baseUrl?: string;
  /** Dollr has one environment, "production" (the default). */
  environment?: DollrEnvironment;
  /** Used for API and token requests. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
}

/** Options after validation, with the base URL resolved. */
export interface ResolvedDollrOptions {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  fetch: FetchLike;
  tuning: AuthTuningOptions;
}

const environmentNames = Object.keys(DOLLR_ENVIRONMENTS) as [DollrEnvironment, ...DollrEnvironment[]];

const optionsSchema = s.strictObject({
  clientId: requiredString,
  clientSecret: requiredString,
  ...connectionShape(environmentNames),
});

/** Validates createDollrClient's options; throws ClientOptionsError naming each bad option. */
export function resolveDollrOptions(input: unknown): ResolvedDollrOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) throw optionsError("createDollrClient", parsed.error.issues, input);
  const options = parsed.data;
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    ...resolveConnection(DOLLR_ENVIRONMENTS, "production", options),
  };
}

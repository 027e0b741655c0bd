/**
 * Validation of createDuroClient's options: client credentials or a secret key (`sk_test_` implies
 * sandbox, `sk_live_` production), and an environment from the spec's servers. Messages name the
 * option, never its value.
 */
import type { AuthTuningOptions } from "@scope/auth-core";
import {
  ClientOptionsError,
  connectionShape,
  type FetchLike,
  optionsError,
  requiredString,
  resolveConnection,
  schema as s,
} from "@scope/auth-core";
import { environments } from "./generated/spec.gen.js";

/** Duro's environments and base URLs, from the spec's servers. */
export const DURO_ENVIRONMENTS = environments;

/** An environment name Duro has. */
export type DuroEnvironment = keyof typeof DURO_ENVIRONMENTS;

/** Duro's production base URL (the default). */
export const DURO_DEFAULT_BASE_URL = DURO_ENVIRONMENTS.production;

/** Options shared by both ways of authenticating. */
export interface DuroCommonOptions extends AuthTuningOptions {
  /** API base URL; overrides `environment`. */
  baseUrl?: string;
  /** "production" (default) or "sandbox"; with an apiKey, implied by its prefix. */
  environment?: DuroEnvironment;
  /** Used for API and token requests. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
}

/** Options of createDuroClient: client credentials, or a secret key (`sk_test_…` / `sk_live_…`). */
export type DuroClientOptions = DuroCommonOptions &
  (
    | { clientId: string; clientSecret: string; apiKey?: never }
    | { apiKey: `sk_test_${string}` | `sk_live_${string}`; clientId?: never; clientSecret?: never }
  );

/** Options after validation, with the base URL resolved. */
export type ResolvedDuroOptions = { baseUrl: string; fetch: FetchLike; tuning: AuthTuningOptions } & (
  | { mode: "client_credentials"; clientId: string; clientSecret: string }
  | { mode: "api_key"; apiKey: string }
);

const environmentNames = Object.keys(DURO_ENVIRONMENTS) as [DuroEnvironment, ...DuroEnvironment[]];

const optionsSchema = s.strictObject({
  clientId: s.optional(requiredString),
  clientSecret: s.optional(requiredString),
  apiKey: s.optional(requiredString),
  ...connectionShape(environmentNames),
});

const FACTORY = "createDuroClient";

/** The environment a secret key belongs to, from its prefix. */
const KEY_ENVIRONMENTS: ReadonlyArray<readonly [string, DuroEnvironment]> = [
  ["sk_test_", "sandbox"],
  ["sk_live_", "production"],
];

/** Validates createDuroClient's options; throws ClientOptionsError naming the bad option. */
export function resolveDuroOptions(input: unknown): ResolvedDuroOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) throw optionsError(FACTORY, parsed.error.issues, input);
  const options = parsed.data;
  const { clientId, clientSecret, apiKey } = options;
  let environment = options.environment;
  if (apiKey !== undefined) {
    if (clientId !== undefined || clientSecret !== undefined) {
      throw new ClientOptionsError(
        `${FACTORY}: option "apiKey" replaces clientId/clientSecret; pass one or the other`,
        "apiKey",
      );
    }
    const match = KEY_ENVIRONMENTS.find(([prefix]) => apiKey.startsWith(prefix) && apiKey.length > prefix.length);
    if (!match) {
      throw new ClientOptionsError(
        `${FACTORY}: option "apiKey" must be a secret key starting sk_test_ or sk_live_`,
        "apiKey",
      );
    }
    const [prefix, implied] = match;
    if (environment !== undefined && environment !== implied) {
      throw new ClientOptionsError(
        `${FACTORY}: option "apiKey" is a ${prefix} key (${implied}) but option "environment" is "${environment}"`,
        "environment",
      );
    }
    environment = implied;
  }
  const common = resolveConnection(DURO_ENVIRONMENTS, "production", { ...options, environment });
  if (apiKey !== undefined) return { ...common, mode: "api_key", apiKey };
  if (clientId === undefined) throw missing("clientId");
  if (clientSecret === undefined) throw missing("clientSecret");
  return { ...common, mode: "client_credentials", clientId, clientSecret };
}

function missing(option: string): ClientOptionsError {
  return new ClientOptionsError(
    `${FACTORY}: option "${option}" is required (or pass apiKey instead of client credentials)`,
    option,
  );
}

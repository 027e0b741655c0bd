/**
 * Validation of createTurrisClient's options: client credentials or a static restricted access
 * token, and an environment from the spec's servers. Messages name the option, never its value.
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

/** Turris' environments and base URLs, from the spec's servers. */
export const TURRIS_ENVIRONMENTS = environments;

/** An environment name Turris has. */
export type TurrisEnvironment = keyof typeof TURRIS_ENVIRONMENTS;

/** Turris' production base URL (the default). */
export const TURRIS_DEFAULT_BASE_URL = TURRIS_ENVIRONMENTS.production;

/** Options shared by both ways of authenticating. */
export interface TurrisCommonOptions extends AuthTuningOptions {
  /** API base URL; overrides `environment`. */
  baseUrl?: string;
  /** "production" (default) or "sandbox". */
  environment?: TurrisEnvironment;
  /** Used for API and token requests. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
}

/** Options of createTurrisClient: client credentials, or a static `restrictedAccessToken`. */
export type TurrisClientOptions = TurrisCommonOptions &
  (
    | { clientId: string; clientSecret: string; restrictedAccessToken?: never }
    | { restrictedAccessToken: string; clientId?: never; clientSecret?: never }
  );

/** Options after validation, with the base URL resolved. */
export type ResolvedTurrisOptions = { baseUrl: string; fetch: FetchLike; tuning: AuthTuningOptions } & (
  | { mode: "client_credentials"; clientId: string; clientSecret: string }
  | { mode: "restricted_access_token"; restrictedAccessToken: string }
);

const environmentNames = Object.keys(TURRIS_ENVIRONMENTS) as [TurrisEnvironment, ...TurrisEnvironment[]];

const optionsSchema = s.strictObject({
  clientId: s.optional(requiredString),
  clientSecret: s.optional(requiredString),
  restrictedAccessToken: s.optional(requiredString),
  ...connectionShape(environmentNames),
});

const FACTORY = "createTurrisClient";

/** Validates createTurrisClient's options; throws ClientOptionsError naming the bad option. */
export function resolveTurrisOptions(input: unknown): ResolvedTurrisOptions {
  const parsed = optionsSchema.safeParse(input);
  if (!parsed.success) throw optionsError(FACTORY, parsed.error.issues, input);
  const options = parsed.data;
  const common = resolveConnection(TURRIS_ENVIRONMENTS, "production", options);
  const { clientId, clientSecret, restrictedAccessToken } = options;
  if (restrictedAccessToken !== undefined) {
    if (clientId !== undefined || clientSecret !== undefined) {
      throw new ClientOptionsError(
        `${FACTORY}: option "restrictedAccessToken" replaces clientId/clientSecret; pass one or the other`,
        "restrictedAccessToken",
      );
    }
    return { ...common, mode: "restricted_access_token", restrictedAccessToken };
  }
  if (clientId === undefined) throw missing("clientId");
  if (clientSecret === undefined) throw missing("clientSecret");
  return { ...common, mode: "client_credentials", clientId, clientSecret };
}

function missing(option: string): ClientOptionsError {
  return new ClientOptionsError(
    `${FACTORY}: option "${option}" is required (or pass restrictedAccessToken instead of client credentials)`,
    option,
  );
}

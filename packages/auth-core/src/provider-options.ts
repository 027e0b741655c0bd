/**
 * The shared part of every provider factory's options: the connection options (`baseUrl`,
 * `environment`, `fetch`, the tuning knobs) as a type, one parser that validates a provider's
 * credential options next to them (unknown options rejected, ClientOptionsError naming the option),
 * and the "client credentials or one alternative credential" rule Turris and Duro share.
 */
import {
  ClientOptionsError,
  type ConnectionInput,
  connectionShape,
  type FetchLike,
  optionsError,
  type ResolvedConnection,
  requiredString,
  resolveConnection,
} from "./option-schemas.js";
import * as s from "./schema.js";
import type { AuthTuningOptions } from "./types.js";

/** The options every provider factory takes besides its credentials. */
export interface ConnectionOptions<E extends string> extends AuthTuningOptions {
  /** API base URL; overrides `environment`. */
  baseUrl?: string;
  /** The environment to call (default "production"); its base URL comes from the provider's spec. */
  environment?: E;
  /** Used for API and token requests. Default: `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
}

/** The required `clientId` / `clientSecret` pair, as a schema shape. */
const clientCredentialsShape = { clientId: requiredString, clientSecret: requiredString };

/** `clientId` / `clientSecret` for a provider that also takes another credential instead. */
const optionalClientCredentialsShape = {
  clientId: s.optional(requiredString),
  clientSecret: s.optional(requiredString),
};

/** A factory's options parser: validated options, or a ClientOptionsError naming each bad or unknown option. */
type ClientOptionsParser<S extends s.Shape, E extends string> = (
  input: unknown,
) => s.InferShape<S> & ConnectionInput<E>;

/**
 * Builds the parser of a factory's options: the provider's own `shape` (credentials, quirks) plus the
 * connection options for its `environments`; anything else is an unknown option.
 */
function clientOptionsParser<S extends s.Shape, E extends string>(
  factory: string,
  environments: Readonly<Record<E, string>>,
  shape: S,
): ClientOptionsParser<S, E> {
  const names = Object.keys(environments) as [E, ...E[]];
  const schema = s.strictObject({ ...shape, ...connectionShape(names) });
  return (input) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) throw optionsError(factory, parsed.error.issues, input);
    return parsed.data as s.InferShape<S> & ConnectionInput<E>;
  };
}

/** A factory's credential options: `clientId` + `clientSecret`, or the alternative option `K` (of type `V`) instead. */
export type CredentialsOr<K extends string, V extends string = string> =
  | ({ clientId: string; clientSecret: string } & { [P in K]?: never })
  | ({ [P in K]: V } & { clientId?: never; clientSecret?: never });

/** Client credentials as a factory resolved them. */
export interface ClientCredentialsChoice {
  mode: "client_credentials";
  clientId: string;
  clientSecret: string;
}

/** Client credentials, or the one alternative credential a provider accepts instead. */
export type CredentialChoice = ClientCredentialsChoice | { mode: "alternative"; value: string };

/** An option a provider accepts instead of client credentials (Turris' static token, Duro's secret key). */
export interface AlternativeCredential<E extends string> {
  option: string;
  /**
   * The environment the value belongs to (e.g. from a key prefix), given the one the caller asked for;
   * throws ClientOptionsError for a value or combination the provider refuses. Default: the requested one.
   */
  environmentOf?(value: string, requested: E | undefined): E | undefined;
}

/** What a provider's options resolver is built from. */
export interface ClientOptionsConfig<E extends string, S extends s.Shape> {
  /** The factory's name, the prefix of every message. */
  factory: string;
  /** Base URL per environment; "production" is the default. */
  environments: Readonly<Record<E, string>> & { readonly production: string };
  /** The provider's own extra options (schemas), besides credentials and connection. */
  shape?: S;
}

/** Validated options: the connection, the credentials and the parsed provider-specific options. */
export type ResolvedClientOptions<C, S extends s.Shape> = ResolvedConnection & C & { options: s.InferShape<S> };

/**
 * Builds a factory's options resolver: validates credentials, connection and `shape` options (unknown
 * options rejected; ClientOptionsError naming the option, never its value) and resolves the base URL.
 * With `alternative`, that option may replace clientId/clientSecret.
 */
export function clientOptionsResolver<E extends string, S extends s.Shape = Record<never, never>>(
  config: ClientOptionsConfig<E, S> & { alternative: AlternativeCredential<E> },
): (input: unknown) => ResolvedClientOptions<CredentialChoice, S>;
export function clientOptionsResolver<E extends string, S extends s.Shape = Record<never, never>>(
  config: ClientOptionsConfig<E, S>,
): (input: unknown) => ResolvedClientOptions<ClientCredentialsChoice, S>;
export function clientOptionsResolver<E extends string, S extends s.Shape = Record<never, never>>(
  config: ClientOptionsConfig<E, S> & { alternative?: AlternativeCredential<E> },
): (input: unknown) => ResolvedClientOptions<CredentialChoice, S> {
  const { factory, environments, alternative } = config;
  const credentialShape = alternative
    ? { ...optionalClientCredentialsShape, [alternative.option]: s.optional(requiredString) }
    : clientCredentialsShape;
  const parse = clientOptionsParser(factory, environments, { ...credentialShape, ...config.shape });
  return (input) => {
    const options = parse(input) as ConnectionInput<E> & Record<string, unknown>;
    const ids = options as { clientId?: string; clientSecret?: string };
    const value = alternative ? (options[alternative.option] as string | undefined) : undefined;
    const credentials = chooseCredentials(factory, alternative?.option ?? "", ids, value);
    const environment =
      credentials.mode === "alternative" && alternative?.environmentOf
        ? alternative.environmentOf(credentials.value, options.environment)
        : options.environment;
    const connection = resolveConnection<E>(environments, "production" as E, { ...options, environment });
    return { ...connection, ...credentials, options: options as unknown as s.InferShape<S> };
  };
}

/**
 * Picks client credentials or the `alternative` option (a static token or key): passing both, or
 * half a credential pair without the alternative, throws a ClientOptionsError naming the option.
 */
function chooseCredentials(
  factory: string,
  alternative: string,
  options: { clientId?: string | undefined; clientSecret?: string | undefined },
  alternativeValue: string | undefined,
): CredentialChoice {
  const { clientId, clientSecret } = options;
  if (alternativeValue !== undefined) {
    if (clientId !== undefined || clientSecret !== undefined) {
      throw new ClientOptionsError(
        `${factory}: option "${alternative}" replaces clientId/clientSecret; pass one or the other`,
        alternative,
      );
    }
    return { mode: "alternative", value: alternativeValue };
  }
  if (clientId === undefined || clientSecret === undefined) {
    const option = clientId === undefined ? "clientId" : "clientSecret";
    throw new ClientOptionsError(
      `${factory}: option "${option}" is required (or pass ${alternative} instead of client credentials)`,
      option,
    );
  }
  return { mode: "client_credentials", clientId, clientSecret };
}

/**
 * Provider-neutral pieces of option validation: the auth-core tuning knobs as schemas, the typed
 * ClientOptionsError, and the translation of schema issues into messages that name the option and
 * never echo its value.
 */
import { BROWSER_REFUSAL, isBrowserEnvironment } from "./browser-guard.js";
import { suggestOption } from "./option-suggestions.js";
import { policyShape, retryBudgetOption, retryKnobsShape } from "./resilience/policy-schema.js";
import * as s from "./schema.js";
import type { ClientEventListener } from "./telemetry/events.js";
import type { ClientInstrumentation } from "./telemetry/instrumentation.js";
import type { Logger } from "./telemetry/logger.js";
import type { AuthTuningOptions, Clock, TokenStore } from "./types.js";

/** A fetch implementation; openapi-fetch calls it with a Request. */
export type FetchLike = (input: Request) => Promise<Response>;

/**
 * A bad option passed to a client factory; the message names every bad option (with a "did you mean"
 * for an unknown one), never a value.
 */
export class ClientOptionsError extends Error {
  /** Always "ClientOptionsError" (also across copies of the package). */
  override readonly name = "ClientOptionsError";
  /** The first offending option's path, e.g. "clientSecret" or "token.maxRetries". */
  readonly option: string;
  /** Every offending option's path, in the order the message names them. */
  readonly options: readonly string[];

  constructor(message: string, option: string, options: readonly string[] = [option]) {
    super(message);
    this.option = option;
    this.options = options;
  }
}

const isFunction = (value: unknown): boolean => typeof value === "function";
const hasFunctions = (value: unknown, names: string[]): boolean =>
  typeof value === "object" && value !== null && names.every((name) => isFunction(Reflect.get(value, name)));
const nonNegative = s.number({ min: 0 });

/** A required, non-empty string option (credentials). */
export const requiredString = s.string({
  error: "is required and must be a string",
  minLength: 1,
  tooShort: "must not be empty",
});

/** An absolute http(s) base URL without query or fragment. */
export const httpUrl = s.refine(
  s.string({ error: "must be a string" }),
  (value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && !url.search && !url.hash;
    } catch {
      return false;
    }
  },
  { error: "must be an absolute http(s) URL without query or fragment" },
);

/** The `fetch` option. */
export const fetchOption = s.custom<FetchLike>(isFunction, { error: "must be a function" });

/** The API calls' knobs (`resilience`). */
const resilienceShape = { ...retryKnobsShape, ...policyShape, retryBudget: s.optional(retryBudgetOption) };

/** The token exchange's knobs (`token`): the request's, named as the API calls' are, and the cache's timing. */
const tokenShape = {
  ...retryKnobsShape,
  refreshWindow: s.optional(
    s.strictObject({
      maxMs: s.optional(nonNegative),
      fraction: s.optional(s.number({ min: 0, max: 1 })),
    }),
  ),
  negativeCacheMs: s.optional(nonNegative),
  lockLeaseMs: s.optional(s.number({ positive: true })),
};

/** The `resilience` option: the layer's knobs, or `false` to turn it off. */
// The object first: a bad knob is reported by name (the union reports its first option's issues).
const resilienceOption = s.union([
  s.strictObject(resilienceShape, { error: "must be false or an object of resilience options" }),
  s.custom<false>((value) => value === false, { error: "must be false or an object of resilience options" }),
]);

/** Schemas of AuthTuningOptions, spread into each factory's options schema. */
export const tuningShape = {
  tokenStore: s.optional(
    s.custom<TokenStore>((value) => hasFunctions(value, ["get", "set", "delete"]), {
      error: "must be a TokenStore with get, set and delete functions",
    }),
  ),
  onEvent: s.optional(s.custom<ClientEventListener>(isFunction, { error: "must be a function" })),
  logger: s.optional(
    s.custom<Logger>((value) => hasFunctions(value, ["debug", "info", "warn", "error"]), {
      error: "must be a logger with debug, info, warn and error functions",
    }),
  ),
  logLevel: s.optional(s.picklist(["off", "error", "warn", "info", "debug"])),
  instrumentation: s.optional(
    s.custom<ClientInstrumentation>((value) => typeof value === "object" && value !== null, {
      error: "must be an instrumentation object",
    }),
  ),
  clock: s.optional(s.custom<Clock>((value) => hasFunctions(value, ["now"]), { error: "must have a now() function" })),
  token: s.optional(s.strictObject(tokenShape)),
  tokenCacheScope: s.optional(s.picklist(["process", "client"])),
  waitUntil: s.optional(
    s.custom<(promise: Promise<unknown>) => void>(isFunction, { error: "must be a function (ctx.waitUntil)" }),
  ),
  dangerouslyAllowBrowser: s.optional(s.boolean({ error: "must be a boolean" })),
  resilience: s.optional(resilienceOption),
};

/** The tuning knobs, as tuningShape lists them. */
const TUNING_KEYS = Object.keys(tuningShape) as (keyof AuthTuningOptions)[];

/** Picks the tuning knobs out of parsed options, dropping undefined ones. */
export function tuningOf(options: AuthTuningOptions): AuthTuningOptions {
  return Object.fromEntries(
    TUNING_KEYS.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]),
  ) as AuthTuningOptions;
}

/** The fetch to use: the given one, else `globalThis.fetch` looked up at call time (msw-friendly). */
export function resolveFetch(fetch: FetchLike | undefined): FetchLike {
  return fetch ?? globalFetch;
}

/** One function for every client, so clients that take the default fetch can share a token cache. */
const globalFetch: FetchLike = (request) => globalThis.fetch(request);

/** Removes trailing slashes from a base URL. */
export function trimBaseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly keys?: readonly string[];
  readonly known?: readonly string[];
}

/** The options of each group, for suggesting where a misplaced knob lives (`""` is the top level). */
const OPTION_GROUPS: Readonly<Record<string, readonly string[]>> = {
  "": [...Object.keys(connectionShape(["production"])), "clientId", "clientSecret"],
  resilience: Object.keys(resilienceShape),
  token: Object.keys(tokenShape),
};

/** One problem: the option's path and what is wrong with it. */
function problemsOf(issue: IssueLike): [option: string, problem: string][] {
  const path = issue.path.join(".");
  if (issue.code !== "unrecognized_keys" || !issue.keys) return [[path, `option "${path}": ${issue.message}`]];
  return issue.keys.map((key) => {
    const option = shortened(path ? `${path}.${key}` : key);
    const hint = suggestOption(issue.path, key, issue.known ?? [], OPTION_GROUPS);
    return [option, `unknown option ${JSON.stringify(option)}${hint ? `; ${hint}` : ""}`];
  });
}

/** An unknown option's name as a message shows it: at most 64 characters (names are the caller's input). */
function shortened(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}...` : name;
}

/**
 * Turns schema issues into one ClientOptionsError naming every bad option (an unknown one with a "did you
 * mean"), never a value; `later` adds what the checks that follow the schema found on the same input.
 */
export function optionsError(
  factory: string,
  issues: readonly IssueLike[],
  input: unknown,
  later: readonly ClientOptionsError[] = [],
): ClientOptionsError {
  if (typeof input !== "object" || input === null) {
    return new ClientOptionsError(`${factory}: options must be an object`, "(options)");
  }
  const problems = issues.flatMap(problemsOf);
  // Problems the checks after the schema found (a missing credential, a cleartext URL), unless already named.
  for (const error of later) {
    if (problems.some(([option]) => option === error.option)) continue;
    problems.push([error.option, error.message.replace(`${factory}: `, "")]);
  }
  const options = problems.map(([option]) => option);
  const text = problems.map(([, problem]) => problem);
  const message = text.length > 1 ? `${text.length} problems: ${text.join("; ")}` : (text[0] ?? "invalid options");
  return new ClientOptionsError(`${factory}: ${message}`, options[0] ?? "", options);
}

/** Schemas of the connection options every factory takes: baseUrl, environment, fetch and the tuning knobs. */
export function connectionShape<const E extends string>(environmentNames: readonly [E, ...E[]]) {
  return {
    baseUrl: s.optional(httpUrl),
    environment: s.optional(s.picklist(environmentNames)),
    fetch: s.optional(fetchOption),
    dangerouslyAllowInsecureHttp: s.optional(s.boolean({ error: "must be a boolean" })),
    ...tuningShape,
  };
}

/** Parsed connection options, as connectionShape produces them (the tuning knobs already validated by tuningShape). */
export type ConnectionInput<E extends string> = {
  [K in keyof AuthTuningOptions]?: unknown;
} & {
  baseUrl?: string | undefined;
  environment?: E | undefined;
  fetch?: FetchLike | undefined;
  dangerouslyAllowInsecureHttp?: boolean | undefined;
};

/** Validated connection settings a client is built from. */
export interface ResolvedConnection {
  /** The API base URL without trailing slash: `baseUrl`, else the `environment`'s, else the default environment's. */
  baseUrl: string;
  /** The `fetch` option, else `globalThis.fetch` looked up at call time. */
  fetch: FetchLike;
  /** The auth-core tuning knobs that were given (undefined ones dropped). */
  tuning: AuthTuningOptions;
}

/** Throws ClientOptionsError in a browser global environment unless `dangerouslyAllowBrowser` is true. */
export function assertNotInBrowser(dangerouslyAllowBrowser: unknown): void {
  if (dangerouslyAllowBrowser !== true && isBrowserEnvironment()) {
    throw new ClientOptionsError(BROWSER_REFUSAL, "dangerouslyAllowBrowser");
  }
}

/**
 * Resolves the base URL (`baseUrl`, else the environment's, else `fallback`'s), the fetch and the
 * tuning knobs; in a browser it throws unless `dangerouslyAllowBrowser` is true.
 */
export function resolveConnection<E extends string>(
  environments: Readonly<Record<E, string>>,
  fallback: E,
  options: ConnectionInput<E>,
): ResolvedConnection {
  assertNotInBrowser(options.dangerouslyAllowBrowser);
  return {
    baseUrl: trimBaseUrl(options.baseUrl ?? environments[options.environment ?? fallback]),
    fetch: resolveFetch(options.fetch),
    tuning: tuningOf(options as AuthTuningOptions),
  };
}

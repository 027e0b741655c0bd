import { isTokenRequestError, redact, secretVariants, TokenRequestError } from "./errors.js";
import { retryAfterMs as readRetryAfter } from "./retry-after.js";
import { callListener } from "./telemetry/listeners.js";
import { anySignal, raceAbort, sleep, unrefTimer } from "./timers.js";
import type {
  AuthEvent,
  AuthEventListener,
  Clock,
  FetchedToken,
  FetchToken,
  ProviderErrorDetails,
  TokenEndpoint,
  TokenFetchContext,
  TokenRequestOptions,
} from "./types.js";

/**
 * Options of createTokenFetcher: the request's retries of 429, 5xx and network errors and its attempt
 * timeout (default 3 retries, 250 ms base, 8 s cap, 10 s per attempt), plus what it reports and scrubs.
 */
export interface TokenFetcherOptions extends TokenRequestOptions {
  /** Time source (for Retry-After dates and send times). Default `Date.now`. */
  clock?: Clock;
  /** Receives `token_retry` events. */
  onEvent?: AuthEventListener;
  /** How events name the credentials, e.g. `"dollr:my-client-id"`. Default: the provider name. */
  credential?: string;
  /** The token URL, named in errors (it holds no secret). Default: the response's URL. */
  tokenUrl?: string;
  /** Headers added to every token request (the SDK identification). */
  headers?: Record<string, string>;
  /** Source of jitter in [0, 1). Default Math.random. */
  random?: () => number;
  /**
   * Secrets (the client secret) scrubbed as `***` from every provider-supplied text before it reaches an
   * error, in addition to the endpoint's own `redact` list; their URL-, JSON- and Base64-encoded forms too.
   */
  redact?: readonly string[];
}

/** Longest lifetime accepted from a token endpoint: one year. */
export const MAX_TOKEN_LIFETIME_MS = 365 * 24 * 60 * 60 * 1000;

const DEFAULT_REQUEST: Required<TokenRequestOptions> = {
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  timeoutMs: 10_000,
};

const systemClock: Clock = { now: () => Date.now() };

/** Builds a FetchToken that calls the endpoint with retries, a per-attempt timeout and full validation. */
export function createTokenFetcher<T>(endpoint: TokenEndpoint<T>, options: TokenFetcherOptions = {}): FetchToken {
  const retry = requestSettings(options);
  const timeoutMs = retry.timeoutMs;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const credential = options.credential ?? endpoint.provider;
  const provider = endpoint.provider;
  const secrets = [...(endpoint.redact ?? []), ...(options.redact ?? [])].flatMap(secretVariants);
  /** To the fetcher's listener and the one the cache passes for this fetch (every waiting caller's). */
  const emit = (event: AuthEvent, context: TokenFetchContext): void => {
    callListener(options.onEvent, event);
    if (context.onEvent !== options.onEvent) callListener(context.onEvent, event);
  };

  const headers = options.headers;
  const sendContext = (signal: AbortSignal) => (headers === undefined ? { signal } : { signal, headers });

  const aborted = (signal: AbortSignal): TokenRequestError =>
    new TokenRequestError(`${provider} token request was aborted`, { provider, cause: safeCause(signal.reason) });

  function safeCause(cause: unknown): unknown {
    if (!(cause instanceof Error) || secrets.length === 0) return cause;
    const message = redact(cause.message, secrets);
    if (message === cause.message) return cause;
    const copy = new Error(message);
    copy.name = cause.name;
    return copy;
  }

  async function attempt(context: TokenFetchContext): Promise<FetchedToken> {
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort(
        new TokenRequestError(`${provider} token request timed out after ${timeoutMs} ms`, {
          provider,
          retryable: true,
        }),
      );
    }, timeoutMs);
    unrefTimer(timer);
    const linked = anySignal(context.signal, timeout.signal);
    const signal = linked.signal;
    const sentAt = clock.now();
    try {
      let response: Response;
      let text: string;
      try {
        response = await raceAbort(endpoint.send(sendContext(signal)), signal);
        text = await raceAbort(response.text(), signal);
      } catch (error) {
        if (context.signal.aborted) throw aborted(context.signal);
        if (timeout.signal.aborted) throw timeout.signal.reason;
        if (isTokenRequestError(error)) throw error;
        throw new TokenRequestError(`${provider} token request failed: network error`, {
          provider,
          retryable: true,
          cause: safeCause(error),
        });
      }
      if (endpoint.successStatus.includes(response.status)) return { ...readSuccess(response, text), sentAt };
      throw readFailure(response, text);
    } finally {
      clearTimeout(timer);
      linked.release();
    }
  }

  function readSuccess(response: Response, text: string): FetchedToken {
    const status = response.status;
    const requestId = clean(headerRequestId(response), secrets);
    const fail = (problem: string): TokenRequestError =>
      new TokenRequestError(`${provider} token response ${problem} (HTTP ${status})`, { provider, status, requestId });
    const json = parseJson(text);
    if (json === undefined) throw fail(looksLikeHtml(response, text) ? "is HTML, not JSON" : "is not valid JSON");
    const parsed = endpoint.schema.safeParse(json);
    if (!parsed.success) throw fail(`is invalid: ${describeIssues(parsed.error.issues)}`);
    let token: FetchedToken;
    try {
      token = endpoint.toToken(parsed.data);
    } catch {
      throw fail("could not be read as a token");
    }
    if (typeof token?.accessToken !== "string" || token.accessToken.length === 0) {
      throw fail("has no access token string");
    }
    const lifetime = token.expiresInMs;
    if (typeof lifetime !== "number" || !Number.isFinite(lifetime)) throw fail("has a non-finite lifetime");
    if (lifetime <= 0) throw fail("has a non-positive lifetime");
    if (lifetime > MAX_TOKEN_LIFETIME_MS) throw fail("has an absurd lifetime (more than one year)");
    return token;
  }

  function readFailure(response: Response, text: string): TokenRequestError {
    const status = response.status;
    const html = looksLikeHtml(response, text);
    const body = html ? text : (parseJson(text) ?? text);
    let details: ProviderErrorDetails = {};
    if (endpoint.parseError) {
      try {
        details = endpoint.parseError(body, response) ?? {};
      } catch {
        details = {};
      }
    }
    const code = clean(details.code, secrets);
    const message = clean(details.message, secrets);
    const requestId = clean(details.requestId, secrets) ?? clean(headerRequestId(response), secrets);
    const waitMs = readRetryAfter(response.headers, clock.now(), status);
    let summary = `${provider} token request failed with HTTP ${status}`;
    if (code) summary += `: ${code}`;
    if (message) summary += ` - ${message}`;
    if (html) summary += " (HTML body)";
    if (requestId) summary += ` [request id ${requestId}]`;
    summary += tokenUrlNote(options.tokenUrl ?? response.url, status);
    return new TokenRequestError(summary, {
      provider,
      status,
      code,
      requestId,
      retryAfterMs: waitMs,
      retryable: status === 408 || status === 429 || status >= 500,
    });
  }

  function delayFor(attemptNumber: number, error: TokenRequestError): number | undefined {
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs > retry.maxRetryAfterMs ? undefined : error.retryAfterMs;
    }
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attemptNumber - 1));
    return Math.floor(random() * ceiling);
  }

  return async (context: TokenFetchContext): Promise<FetchedToken> => {
    for (let attemptNumber = 1; ; attemptNumber++) {
      if (context.signal.aborted) throw aborted(context.signal);
      try {
        return await attempt(context);
      } catch (error) {
        const failure = isTokenRequestError(error)
          ? error
          : new TokenRequestError(`${provider} token request failed`, { provider, cause: safeCause(error) });
        if (!failure.retryable || attemptNumber > retry.maxRetries) throw failure;
        const delayMs = delayFor(attemptNumber, failure);
        if (delayMs === undefined) throw failure;
        const retryEvent: AuthEvent = {
          type: "token_retry",
          credential,
          attempt: attemptNumber,
          delayMs,
          reason: failure.status === undefined ? "network" : `HTTP ${failure.status}`,
        };
        if (failure.status !== undefined) retryEvent.status = failure.status;
        emit(retryEvent, context);
        try {
          await sleep(delayMs, context.signal);
        } catch {
          throw aborted(context.signal);
        }
      }
    }
  };
}

/** The request's retry and timeout settings: the options' own, else the defaults. */
function requestSettings(options: TokenFetcherOptions): Required<TokenRequestOptions> {
  const settings = { ...DEFAULT_REQUEST };
  for (const key of Object.keys(DEFAULT_REQUEST) as (keyof TokenRequestOptions)[]) {
    const value = options[key];
    if (value !== undefined) settings[key] = value;
  }
  return settings;
}

function parseJson(text: string): unknown {
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function looksLikeHtml(response: Response, text: string): boolean {
  const type = response.headers.get("content-type") ?? "";
  return type.includes("text/html") || /^\s*</.test(text);
}

function headerRequestId(response: Response): string | undefined {
  return response.headers.get("x-request-id") ?? response.headers.get("request-id") ?? undefined;
}

function clean(value: unknown, secrets: readonly string[] | undefined): string | undefined {
  if (typeof value !== "string" || value.length === 0) return undefined;
  // Redact before truncating, so a secret cut in two by the limit cannot leak its first half.
  const safe = redact(value, secrets);
  return safe.length > 300 ? `${safe.slice(0, 300)}…` : safe;
}

interface IssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: unknown;
}

/** Names each invalid field and what was wrong, never the received value. */
function describeIssues(issues: readonly IssueLike[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
      const expected = typeof issue.expected === "string" ? ` (expected ${issue.expected})` : "";
      return `${path}: ${issue.code}${expected}`;
    })
    .join("; ");
}

/** Names the token URL (without query) in a failure; a 404 hints that baseUrl must be the API root. */
function tokenUrlNote(url: string, status: number): string {
  if (url === "") return "";
  let shown = url;
  try {
    const parsed = new URL(url);
    shown = parsed.origin + parsed.pathname;
  } catch {
    return "";
  }
  const hint = status === 404 ? "; check that baseUrl is the API root (the token URL is built from it)" : "";
  return ` (token URL ${shown}${hint})`;
}

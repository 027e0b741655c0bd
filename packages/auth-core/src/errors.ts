/** Details a TokenRequestError carries besides its message; none of them ever holds a secret or a token. */
export interface TokenRequestErrorOptions {
  /** HTTP status of the token response, when there was one. */
  status?: number | undefined;
  /** Provider name, e.g. "turris". */
  provider?: string | undefined;
  /** The provider's error code, when its error body has one. */
  code?: string | undefined;
  /** The provider's request id (error body or `x-request-id`), for support tickets. */
  requestId?: string | undefined;
  /** The server's requested wait (`Retry-After`, or a 429's `X-RateLimit-Reset`), in ms. */
  retryAfterMs?: number | undefined;
  /** Whether the failure is transient (429, 5xx, network, timeout); the fetcher's retry decision. */
  retryable?: boolean | undefined;
  /** The underlying error (network failure, abort), redacted. */
  cause?: unknown;
}

const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** A token request that failed: the status, the provider's error code and request id, never a secret or token. */
export class TokenRequestError extends Error {
  /** Always "TokenRequestError" (also across copies of the package). */
  override readonly name = "TokenRequestError";
  /** HTTP status of the token response, when there was one. */
  readonly status?: number;
  /** Provider name, e.g. "turris". */
  readonly provider?: string;
  /** The provider's error code, when its error body has one. */
  readonly code?: string;
  /** The provider's request id, for support tickets. */
  readonly requestId?: string;
  /** The server's requested wait before a new token request, in ms. */
  readonly retryAfterMs?: number;
  /** Whether the failure is transient (429, 5xx, network, timeout): what the fetcher retried on. */
  readonly retryable: boolean;

  constructor(message: string, options: TokenRequestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.status !== undefined) this.status = options.status;
    if (options.provider !== undefined) this.provider = options.provider;
    if (options.code !== undefined) this.code = options.code;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    this.retryable = options.retryable ?? false;
    // `cause` may wrap foreign errors; keep it reachable but out of enumeration and serialisation.
    if ("cause" in this) Object.defineProperty(this, "cause", { enumerable: false });
  }

  /** The error's safe fields only: the foreign `cause` is reduced to its name and message. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { name: this.name, message: this.message };
    if (this.status !== undefined) json.status = this.status;
    if (this.provider !== undefined) json.provider = this.provider;
    if (this.code !== undefined) json.code = this.code;
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    json.retryable = this.retryable;
    if (this.cause instanceof Error) json.cause = { name: this.cause.name, message: this.cause.message };
    return json;
  }

  /** util.inspect shows the same safe fields as toJSON, never raw headers, bodies or options. */
  [inspectSymbol](): string {
    const { name, message, ...fields } = this.toJSON();
    return `${String(name)}: ${String(message)} ${JSON.stringify(fields)}`;
  }
}

/** Replaces every occurrence of the given values in `text` with `***`. */
export function redact(text: string, values: readonly string[] | undefined): string {
  if (!values) return text;
  let out = text;
  for (const value of values) {
    if (value.length > 0) out = out.split(value).join("***");
  }
  return out;
}

/**
 * The forms a secret can take when a server echoes what it was sent: as is, URL/form-encoded,
 * JSON-escaped and Base64 (a `client_secret_basic` header holds `base64(id:secret)`, which contains
 * the Base64 of the secret only at some alignments, so the encoded form is matched as well as it can be).
 */
export function secretVariants(secret: string): string[] {
  if (secret.length === 0) return [];
  const variants = new Set<string>();
  // Headers and many parsers trim: the trimmed secret, and each encoding of it, is as much a secret as the raw one.
  for (const form of new Set([secret, secret.trim()])) {
    variants.add(form);
    variants.add(encodeURIComponent(form));
    variants.add(new URLSearchParams({ v: form }).toString().slice(2));
    variants.add(JSON.stringify(form).slice(1, -1));
    try {
      variants.add(btoa(String.fromCharCode(...new TextEncoder().encode(form))));
    } catch {
      // Not encodable: the raw forms are still scrubbed.
    }
  }
  // An encoded form echoed in a header is trimmed too.
  for (const variant of [...variants]) variants.add(variant.trim());
  // Longest first, so a shorter variant never splits a longer one.
  return [...variants].filter((v) => v.length >= 4 || v === secret).sort((a, b) => b.length - a.length);
}

/** The values to scrub for one credential pair: the secret and the Basic credential `base64(id:secret)`. */
export function credentialSecrets(clientId: string, clientSecret: string): string[] {
  const form = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  const secrets = [clientSecret];
  for (const pair of [`${form(clientId)}:${form(clientSecret)}`, `${clientId}:${clientSecret}`]) {
    try {
      secrets.push(btoa(pair));
    } catch {
      // A pair outside Latin-1 cannot have been sent as a Basic credential as is.
    }
  }
  return secrets;
}

/** Whether `error` is a TokenRequestError (also across duplicated package copies). */
export function isTokenRequestError(error: unknown): error is TokenRequestError {
  return error instanceof TokenRequestError || (error instanceof Error && error.name === "TokenRequestError");
}

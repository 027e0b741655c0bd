/**
 * The standard OAuth 2.0 client-credentials dialect (RFC 6749 section 4.4): a form-encoded token
 * request, `client_secret_basic` or `client_secret_post` client authentication, and error bodies read
 * per section 5.2. A standards-compliant provider needs no hand-written dialect: its package hands
 * this endpoint to `createTokenFetcher`.
 */
import { credentialSecrets } from "./errors.js";
import * as s from "./schema.js";
import type { FetchedToken, ProviderErrorDetails, TokenEndpoint } from "./types.js";

/** How the client authenticates to the token endpoint (RFC 6749 section 2.3.1). */
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post";

/** Options of {@link createClientCredentialsEndpoint}. */
export interface ClientCredentialsEndpointOptions {
  /** Provider name for errors and events. */
  provider: string;
  /** Absolute URL of the token endpoint. */
  tokenUrl: string | URL;
  /** The OAuth client id. */
  clientId: string;
  /** The OAuth client secret (never in an error, event or log). */
  clientSecret: string;
  /** Default `client_secret_basic`, the method every RFC 6749 server must support. */
  authMethod?: ClientAuthMethod;
  /** Requested scope: a space-separated string or a list of scope tokens. */
  scope?: string | readonly string[];
  /** Further form parameters some servers want (for example `audience` or `resource`). */
  extraParams?: Readonly<Record<string, string>>;
  /** Lifetime in seconds to assume when the server omits `expires_in` (RFC 6749 makes it optional). */
  defaultExpiresInSeconds?: number;
  /** The fetch to call; looked up on `globalThis` at call time when omitted. */
  fetch?: typeof globalThis.fetch;
}

/** A successful RFC 6749 section 5.1 token response, as far as this dialect reads it. */
export interface ClientCredentialsTokenResponse {
  /** The bearer token. */
  access_token: string;
  /** Token type (RFC 6749: "Bearer", any case). */
  token_type: string;
  /** Lifetime in seconds (optional in RFC 6749; a default applies when configured). */
  expires_in?: number | undefined;
  /** Granted scope, when the server says. */
  scope?: string | undefined;
}

const RESERVED_PARAMS = new Set(["grant_type", "client_id", "client_secret", "scope"]);

/** Encodes a value the way application/x-www-form-urlencoded does (RFC 6749 appendix B); the result is ASCII. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

function scopeString(scope: ClientCredentialsEndpointOptions["scope"]): string | undefined {
  if (scope === undefined) return undefined;
  const text = typeof scope === "string" ? scope.trim() : scope.join(" ");
  return text.length > 0 ? text : undefined;
}

function responseSchema(requireExpiresIn: boolean): s.Schema<ClientCredentialsTokenResponse> {
  const lifetime = s.number();
  return s.object({
    access_token: s.string({ minLength: 1 }),
    token_type: s.refine(s.string(), (type) => type.toLowerCase() === "bearer", { error: "token_type must be Bearer" }),
    expires_in: requireExpiresIn ? lifetime : s.optional(lifetime),
    scope: s.optional(s.string()),
  });
}

/** Reads an RFC 6749 section 5.2 error body (`error`, `error_description`) into provider error details. */
export function parseOAuth2Error(body: unknown, response?: Response): ProviderErrorDetails {
  const details: ProviderErrorDetails = {};
  if (typeof body === "object" && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record.error === "string" && record.error.length > 0) details.code = record.error;
    if (typeof record.error_description === "string" && record.error_description.length > 0) {
      details.message = record.error_description;
    }
  } else if (typeof body === "string" && body.trim().length > 0) {
    details.message = body.trim().slice(0, 200);
  }
  const requestId = response?.headers.get("x-request-id") ?? response?.headers.get("request-id");
  if (requestId) details.requestId = requestId;
  return details;
}

/** Builds the RFC 6749 client-credentials token endpoint for `createTokenFetcher`. */
export function createClientCredentialsEndpoint(
  options: ClientCredentialsEndpointOptions,
): TokenEndpoint<ClientCredentialsTokenResponse> {
  const authMethod = options.authMethod ?? "client_secret_basic";
  if (authMethod !== "client_secret_basic" && authMethod !== "client_secret_post") {
    throw new TypeError(`${options.provider}: unsupported client authentication method "${String(authMethod)}"`);
  }
  if (!options.clientId) throw new TypeError(`${options.provider}: clientId is required`);
  if (!options.clientSecret) throw new TypeError(`${options.provider}: clientSecret is required`);
  const tokenUrl = new URL(options.tokenUrl);
  for (const name of Object.keys(options.extraParams ?? {})) {
    if (RESERVED_PARAMS.has(name)) throw new TypeError(`${options.provider}: extraParams may not set "${name}"`);
  }
  const defaultExpiresIn = options.defaultExpiresInSeconds;
  const scope = scopeString(options.scope);
  const { clientId, clientSecret } = options;

  const basicPair = `${formEncode(clientId)}:${formEncode(clientSecret)}`;
  return {
    provider: options.provider,
    successStatus: [200],
    // A server may echo what it was sent (the secret, or the whole Basic credential) in error_description.
    redact: credentialSecrets(clientId, clientSecret),
    schema: responseSchema(defaultExpiresIn === undefined),
    send({ signal, headers: extra }) {
      const form = new URLSearchParams({ grant_type: "client_credentials" });
      if (scope !== undefined) form.set("scope", scope);
      for (const [name, value] of Object.entries(options.extraParams ?? {})) form.set(name, value);
      const headers: Record<string, string> = {
        ...extra,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      };
      if (authMethod === "client_secret_basic") {
        headers.authorization = `Basic ${btoa(basicPair)}`;
      } else {
        form.set("client_id", clientId);
        form.set("client_secret", clientSecret);
      }
      const fetchImpl = options.fetch ?? globalThis.fetch;
      return fetchImpl(tokenUrl, { method: "POST", headers, body: form.toString(), signal });
    },
    toToken(body): FetchedToken {
      const seconds = body.expires_in ?? defaultExpiresIn ?? Number.NaN;
      return { accessToken: body.access_token, expiresInMs: seconds * 1000, tokenType: "Bearer" };
    },
    parseError: parseOAuth2Error,
  };
}

/**
 * The mock token-endpoint dialect of a standard OAuth 2.0 client-credentials server (RFC 6749
 * section 4.4): a form body with `grant_type=client_credentials`, credentials in HTTP Basic
 * (`client_secret_basic`) or the form (`client_secret_post`), a 200 `{access_token, token_type,
 * expires_in}` in seconds and section 5.2 `{error, error_description}` errors. Scaffolded providers use it.
 */
import { bodyRecord, type TokenMockDialect } from "./token-mock.js";

/** An RFC 6749 section 5.1 success body. */
export interface Rfc6749TokenBody {
  /** The opaque bearer token the mock issued. */
  access_token: string;
  /** Always `Bearer`. */
  token_type: "Bearer";
  /** Token lifetime in seconds (RFC 6749). */
  expires_in: number;
}

/** An RFC 6749 section 5.2 error body. */
export interface Rfc6749ErrorBody {
  /** RFC 6749 error code, e.g. `invalid_client`, `slow_down`, `invalid_token`. */
  error: string;
  /** Human-readable explanation, e.g. "Client authentication failed". */
  error_description?: string;
}

const ERRORS = {
  rate_limited: ["slow_down", "Too many token requests"],
  invalid_client: ["invalid_client", "Client authentication failed"],
  unauthorized: ["invalid_token", "Invalid or expired access token"],
} as const;

/** The RFC 6749 dialect for a provider whose token endpoint is at `tokenPath`. */
export function rfc6749MockDialect<P extends string>(config: {
  provider: P;
  tokenPath: string;
}): TokenMockDialect<P, Rfc6749TokenBody, Rfc6749ErrorBody> {
  const invalid = (error: string, description: string) => ({
    status: 400,
    body: { error, error_description: description },
  });
  return {
    provider: config.provider,
    tokenPath: config.tokenPath,
    expiresInUnitMs: 1000,
    defaultExpiresIn: 3600,
    readCredentials({ headers, body }) {
      const form = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : bodyRecord(body);
      if (form.grant_type !== "client_credentials") {
        return invalid("unsupported_grant_type", 'grant_type must be "client_credentials"');
      }
      const basic = /^Basic\s+(\S+)$/i.exec(headers.get("authorization") ?? "")?.[1];
      if (basic !== undefined) {
        const [id = "", secret = ""] = atob(basic).split(/:(.*)/s);
        return { clientId: formDecode(id), clientSecret: formDecode(secret) };
      }
      const { client_id: clientId, client_secret: clientSecret } = form;
      if (typeof clientId !== "string" || clientId === "" || typeof clientSecret !== "string" || clientSecret === "") {
        return { status: 401, body: { error: "invalid_client", error_description: "Client authentication missing" } };
      }
      return { clientId, clientSecret };
    },
    success: ({ accessToken, expiresIn }) => ({
      status: 200,
      body: { access_token: accessToken, token_type: "Bearer", expires_in: expiresIn },
    }),
    error({ kind, status }) {
      if (kind === "injected_failure") {
        return { status, body: { error: "server_error", error_description: `Injected failure (HTTP ${status})` } };
      }
      const [error, description] = ERRORS[kind];
      const headers: Record<string, string> = kind === "unauthorized" ? { "www-authenticate": "Bearer" } : {};
      return { status, body: { error, error_description: description }, headers };
    },
  };
}

/** Decodes one application/x-www-form-urlencoded value (RFC 6749 appendix B). */
function formDecode(value: string): string {
  return new URLSearchParams(`v=${value}`).get("v") ?? "";
}

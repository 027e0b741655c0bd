/** Test support (not part of the package build): a provider-shaped TokenEndpoint for an HTTP token URL. */
import * as s from "../schema.js";
import type { TokenEndpoint } from "../types.js";

export const tokenBody = s.object({
  access_token: s.string(),
  expires_in: s.number(),
  token_type: s.optional(s.string()),
});
export type TokenBody = s.Infer<typeof tokenBody>;

/** An endpoint that POSTs client credentials as a form to `tokenUrl` and reads `{ access_token, expires_in }` (seconds). */
export function formEndpoint(
  tokenUrl: string,
  credentials: { clientId: string; clientSecret: string } = { clientId: "client-1", clientSecret: "s3cret" },
): TokenEndpoint<TokenBody> {
  return {
    provider: "acme",
    send: ({ signal }) =>
      fetch(tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
        }),
        signal,
      }),
    successStatus: [200],
    schema: tokenBody,
    toToken: (body) => ({ accessToken: body.access_token, expiresInMs: body.expires_in * 1000 }),
    parseError: (body) => {
      if (typeof body !== "object" || body === null) return {};
      const record = body as Record<string, unknown>;
      const details: { code?: string; message?: string; requestId?: string } = {};
      if (typeof record.error === "string") details.code = record.error;
      if (typeof record.error_description === "string") details.message = record.error_description;
      if (typeof record.request_id === "string") details.requestId = record.request_id;
      return details;
    },
    redact: [credentials.clientSecret],
  };
}

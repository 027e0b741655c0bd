/**
 * openapi-fetch reads an error response's body itself; auth-core wants the response unread.
 * This hands back the original response when its body is untouched, else an equivalent copy.
 */

/** What an openapi-fetch call resolves to, as far as this module needs it. */
export interface FetchResultLike {
  /** The HTTP response (openapi-fetch may already have read its body). */
  response: Response;
  /** The parsed error body, set when the status was not 2xx. */
  error?: unknown;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** Returns a Response whose body can still be read (status, headers and body as received). */
export function unreadResponse(result: FetchResultLike): Response {
  const { response } = result;
  if (!response.bodyUsed) return response;
  const error = result.error;
  const body =
    NULL_BODY_STATUSES.has(response.status) || error === undefined
      ? null
      : typeof error === "string"
        ? error
        : JSON.stringify(error);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

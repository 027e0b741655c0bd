/** The API's request id of a call's result, without parsing headers yourself. */
import { requestIdFromHeaders } from "./attempt-events.js";

/** Anything with a `response` (an openapi-fetch result `{ data, error, response }`), or a Response. */
export type ResultLike = { readonly response: Response } | Response;

/**
 * The request id the API sent with the response (`x-request-id`, `request-id` or `x-correlation-id`), or
 * undefined: `requestIdOf(await client.GET("/v1/payouts"))`. Quote it when you contact the provider.
 */
export function requestIdOf(result: ResultLike): string | undefined {
  const response = result instanceof Response ? result : result.response;
  return requestIdFromHeaders(response.headers);
}

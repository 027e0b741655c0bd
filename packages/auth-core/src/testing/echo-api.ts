/**
 * Provider-neutral pieces of the provider mocks' echo API: reading a request body and describing
 * an authorized request. Framework-free; the providers' msw handlers wrap it.
 */

/** What the echo API answers for an authorized request. */
export interface EchoBody {
  /** HTTP method of the request, e.g. `POST`. */
  method: string;
  /** Request path below the mock's base URL, e.g. `/v1/payments`. */
  path: string;
  /** Query parameters (the last value of a repeated name). */
  query: Record<string, string>;
  /** Request body: parsed JSON, the raw text when not JSON, `undefined` when empty. */
  body: unknown;
}

/** Reads a request body: parsed JSON, the raw text when it is not JSON, `undefined` when empty. */
export async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Describes a request for the echo API, its path relative to the base URL's path. */
export async function echoOf(request: Request, baseUrl: string): Promise<EchoBody> {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, "").length),
    query: Object.fromEntries(url.searchParams),
    body: await readJson(request),
  };
}

/**
 * withResponseValidation: wraps an openapi-fetch client so every call's response is checked against
 * the provider's documented responses. The check runs on the body openapi-fetch has already parsed
 * (`data` or `error`): the body is read once, never cloned. A per-call middleware only notes the
 * response's status and media type, for the one case openapi-fetch throws instead of returning (a 2xx
 * body that is not JSON).
 */
import type { Client, Middleware } from "openapi-fetch";
import { checkResponse, mediaTypeOf, type ResponseMismatch } from "./check-response.js";
import { ResponseValidationError } from "./errors.js";
import type { MismatchListener, ResponseMismatchEvent, ResponseSchemaTable, ValidationMode } from "./types.js";

/** Options of withResponseValidation. */
export interface ResponseValidationOptions {
  /** `observe`: data as is plus a mismatch event; `strict`: the event, then a thrown ResponseValidationError. */
  validateResponses: ValidationMode;
  /** Receives every mismatch event (both modes). A listener that throws or rejects is ignored. */
  onMismatch?: MismatchListener;
  /** Operations (`"GET /v1/things/{id}"`) never checked on this client. */
  skip?: readonly string[];
}

/** What a provider binds: its id and generated table. */
export interface ResponseValidationBinding {
  /** Provider id put on every event, e.g. `"dollr"`. */
  provider: string;
  /** The generated schema table (`src/generated/responses.zod.gen.ts`). */
  schemas: ResponseSchemaTable;
}

/**
 * Per-call switch, in the call's options: `client.GET(path, { ..., validateResponse: false })` skips the
 * check for that call; a mode overrides the client's for that call.
 */
export interface PerCallValidation {
  /** `false` skips the response check for this call; `"observe"` / `"strict"` replace the client's mode. Default: the client's mode. */
  validateResponse?: false | ValidationMode;
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type AnyCall = (path: string, init?: Record<string, unknown>) => Promise<Record<string, unknown>>;

function notify(listener: MismatchListener | undefined, event: ResponseMismatchEvent): void {
  if (!listener) return;
  try {
    const pending = listener(event);
    if (pending && typeof pending.then === "function") pending.then(undefined, () => undefined);
  } catch {
    // a throwing listener must not change the call's outcome
  }
}

interface CallContext {
  provider: string;
  operation: string;
  mode: ValidationMode;
  onMismatch: MismatchListener | undefined;
}

function report(context: CallContext, status: number, mismatch: ResponseMismatch, cause?: unknown): void {
  const event: ResponseMismatchEvent = {
    type: "response.mismatch",
    provider: context.provider,
    operation: context.operation,
    kind: mismatch.kind,
    mode: context.mode,
    status,
    mediaType: mismatch.mediaType,
    documented: mismatch.documented,
    issues: mismatch.issues,
  };
  notify(context.onMismatch, event);
  if (context.mode === "strict") throw new ResponseValidationError(event, cause === undefined ? {} : { cause });
}

/** Calls openapi-fetch with a per-call middleware that notes the last response it saw (for a parse failure). */
async function callNoting(
  call: AnyCall,
  path: string,
  init: Record<string, unknown>,
): Promise<{ result?: Record<string, unknown>; error?: unknown; seen?: Response }> {
  let seen: Response | undefined;
  const note: Middleware = {
    onResponse({ response }) {
      seen = response;
    },
  };
  const own = Array.isArray(init.middleware) ? (init.middleware as Middleware[]) : [];
  try {
    return { result: await call(path, { ...init, middleware: [...own, note] }) };
  } catch (error) {
    return seen ? { error, seen } : { error };
  }
}

async function checkedCall(
  binding: ResponseValidationBinding,
  options: ResponseValidationOptions,
  call: AnyCall,
  method: string,
  path: string,
  init: (Record<string, unknown> & PerCallValidation) | undefined,
): Promise<Record<string, unknown>> {
  const { validateResponse, ...rest } = init ?? {};
  const operation = `${method} ${path}`;
  const mode = validateResponse ?? options.validateResponses;
  if (mode === false || options.skip?.includes(operation)) return call(path, rest);
  const context: CallContext = { provider: binding.provider, operation, mode, onMismatch: options.onMismatch };
  const { result, error, seen } = await callNoting(call, path, rest);
  if (!result) {
    // openapi-fetch throws a SyntaxError for a 2xx body that is not JSON; anything else is not ours.
    if (error instanceof SyntaxError && seen?.ok) {
      const mediaType = mediaTypeOf(seen.headers.get("content-type"));
      const documented = Object.keys(binding.schemas[operation]?.[String(seen.status)] ?? {});
      report(context, seen.status, { kind: "unparseable-body", mediaType, documented, issues: [] }, error);
    }
    throw error;
  }
  const response = result.response as Response;
  const body = "data" in result ? result.data : result.error;
  const mismatch = checkResponse(binding.schemas, operation, response, body, method === "HEAD");
  if (mismatch) report(context, response.status, mismatch);
  return result;
}

/**
 * Returns a client whose calls check each response against the provider's document. The original
 * client is not changed; middleware registered on either (`use`/`eject`) applies to both.
 */
export function withResponseValidation<Paths extends {}, Media extends `${string}/${string}`>(
  client: Client<Paths, Media>,
  binding: ResponseValidationBinding,
  options: ResponseValidationOptions,
): Client<Paths, Media> {
  const target = client as unknown as Record<string, AnyCall>;
  const wrapped = Object.create(client) as Record<string, unknown>;
  for (const method of METHODS) {
    const call = target[method]?.bind(client) as AnyCall;
    wrapped[method] = (path: string, init?: Record<string, unknown>) =>
      checkedCall(binding, options, call, method, path, init);
  }
  const request = (client as unknown as { request: (m: string, p: string, i?: unknown) => Promise<unknown> }).request;
  wrapped.request = (method: string, path: string, init?: Record<string, unknown>) => {
    const upper = method.toUpperCase();
    const call: AnyCall = (p, i) => request.call(client, upper, p, i) as Promise<Record<string, unknown>>;
    return checkedCall(binding, options, call, upper, path, init);
  };
  return wrapped as unknown as Client<Paths, Media>;
}

/**
 * Per-request resilience overrides. openapi-fetch copies unknown init keys onto the Request it
 * builds, so `client.POST(path, { body, ...withResilience({ maxRetries: 0 }) })` reaches the layer.
 */
import { ClientOptionsError } from "../option-schemas.js";
import * as s from "../schema.js";
import { policyShape } from "./policy-schema.js";
import type { RequestResilienceOptions } from "./types.js";

/** The init key the overrides travel under. */
export const RESILIENCE_INIT_KEY = "resilience";

const requestSchema = s.strictObject({
  ...policyShape,
  idempotencyKey: s.optional(
    s.refine(s.string({ minLength: 1 }), (key) => key.length <= 255 && /^[\x21-\x7e]+$/.test(key), {
      error: "must be 1-255 printable ASCII characters without spaces",
    }),
  ),
});

/** Spread into a request's init to override the client's resilience options for that call. */
export function withResilience(options: RequestResilienceOptions): { resilience: RequestResilienceOptions } {
  return { [RESILIENCE_INIT_KEY]: options } as { resilience: RequestResilienceOptions };
}

/** Reads and validates the overrides openapi-fetch copied onto the request; throws ClientOptionsError. */
export function requestOverrides(request: Request): RequestResilienceOptions | undefined {
  const raw: unknown = Reflect.get(request, RESILIENCE_INIT_KEY);
  if (raw === undefined) return undefined;
  const parsed = requestSchema.safeParse(raw);
  if (parsed.success) return parsed.data as RequestResilienceOptions;
  const problems = parsed.error.issues.flatMap(({ path, message, keys, known = [] }) => {
    const at = ["resilience", ...path].join(".");
    if (!keys) return [[at, `request option "${at}": ${message}`]];
    // The type of withResilience() already catches a misspelt key; the message lists what a request may set.
    return keys.map((key) => [`${at}.${key}`, `unknown request option "${at}.${key}" (known: ${known.join(", ")})`]);
  });
  const options = problems.map(([option]) => option as string);
  throw new ClientOptionsError(problems.map(([, text]) => text).join("; "), options[0] ?? "resilience", options);
}

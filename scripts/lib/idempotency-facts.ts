/**
 * Which operations take an idempotency key, and where: the header parameter an operation (or its
 * path item) declares; else the provider's body field of specs/registry.json (Dollr's `reference_id`)
 * when the operation's JSON request body declares that property; else the provider-wide header for
 * every POST and PATCH. The token operation never takes one. The generator writes the list to
 * spec.gen.ts, and the clients' resilience layer sends one key per logical call there.
 */

/** An operation that takes an idempotency key, in a header or in a JSON body field (one of the two). */
export type IdempotentOperationFact = {
  method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET" | "HEAD" | "OPTIONS" | "TRACE";
  path: string;
} & ({ header: string } | { bodyField: string });

/** What the registry says about a provider's idempotency mechanism. */
export interface IdempotencySettings {
  /** Header every POST/PATCH takes even when the document does not declare it. */
  providerHeader?: string | undefined;
  /** JSON request body field that carries the key, for each operation whose body declares it. */
  providerBodyField?: string | undefined;
  /** The token operation (never given a key): lower-case method and path. */
  tokenOperation?: { method: string; path: string } | undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** `Idempotency-Key`, `X-Idempotency-Key`, `idempotency_key`, in any case. */
const IDEMPOTENCY_HEADER = /^(x-)?idempotency[-_]?key$/i;

/** Follows a local `#/components/...` reference (a chain of them, up to 16); other values are returned as they are. */
function resolveRef(document: Json, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 16 && isObject(current) && typeof current.$ref === "string"; hops++) {
    const match = /^#\/(.+)$/.exec(current.$ref);
    if (match?.[1] === undefined) return undefined;
    let target: unknown = document;
    for (const raw of match[1].split("/")) {
      const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      target = isObject(target) && Object.hasOwn(target, key) ? target[key] : undefined;
    }
    current = target;
  }
  return current;
}

/** JSON media types: `application/json` and `application/*+json`, with any parameters. */
const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/** Whether a schema (through references and `allOf`) declares the top-level property `field`. */
function schemaHasProperty(document: Json, schema: unknown, field: string, depth = 0): boolean {
  const resolved = resolveRef(document, schema);
  if (!isObject(resolved) || depth > 16) return false;
  if (isObject(resolved.properties) && Object.hasOwn(resolved.properties, field)) return true;
  return (
    Array.isArray(resolved.allOf) && resolved.allOf.some((part) => schemaHasProperty(document, part, field, depth + 1))
  );
}

/** Whether an operation's JSON request body (any JSON media type) declares the top-level property `field`. */
function jsonBodyHas(document: Json, operation: Json, field: string): boolean {
  const body = resolveRef(document, operation.requestBody);
  if (!isObject(body) || !isObject(body.content)) return false;
  return Object.entries(body.content).some(
    ([mediaType, media]) =>
      JSON_MEDIA_TYPE.test(mediaType) && isObject(media) && schemaHasProperty(document, media.schema, field),
  );
}

/** Resolves a local `#/components/parameters/...` reference; other values are returned as they are. */
function resolveParameter(document: Json, parameter: unknown): unknown {
  if (!isObject(parameter) || typeof parameter.$ref !== "string") return parameter;
  const match = /^#\/components\/parameters\/(.+)$/.exec(parameter.$ref);
  const components = isObject(document.components) ? document.components : {};
  const parameters = isObject(components.parameters) ? components.parameters : {};
  return match?.[1] === undefined ? undefined : parameters[match[1].replace(/~1/g, "/").replace(/~0/g, "~")];
}

function declaredHeader(document: Json, ...lists: unknown[]): string | undefined {
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = resolveParameter(document, raw);
      if (isObject(parameter) && parameter.in === "header" && typeof parameter.name === "string") {
        if (IDEMPOTENCY_HEADER.test(parameter.name)) return parameter.name;
      }
    }
  }
  return undefined;
}

/** Lists the operations that take an idempotency key, in document order. */
export function idempotentOperationsOf(document: Json, settings: IdempotencySettings = {}): IdempotentOperationFact[] {
  const found: IdempotentOperationFact[] = [];
  const token = settings.tokenOperation;
  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      if (token && token.method.toLowerCase() === method && token.path === path) continue;
      const upper = method.toUpperCase() as IdempotentOperationFact["method"];
      const declared = declaredHeader(document, operation.parameters, item.parameters);
      const bodyField = settings.providerBodyField;
      if (declared !== undefined) found.push({ method: upper, path, header: declared });
      else if (bodyField !== undefined && jsonBodyHas(document, operation, bodyField)) {
        found.push({ method: upper, path, bodyField });
      } else if ((method === "post" || method === "patch") && settings.providerHeader !== undefined) {
        found.push({ method: upper, path, header: settings.providerHeader });
      }
    }
  }
  return found;
}

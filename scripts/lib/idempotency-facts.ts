/**
 * Which operations take an idempotency key, and in which header: the header parameter an operation
 * (or its path item) declares, else the provider-wide header of specs/registry.json for every POST
 * and PATCH except the token operation. The generator writes the list to spec.gen.ts, and the
 * clients' resilience layer sends one key per logical call in that header.
 */

/** An operation that takes an idempotency key. */
export interface IdempotentOperationFact {
  method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET" | "HEAD" | "OPTIONS" | "TRACE";
  path: string;
  header: string;
}

/** What the registry says about a provider's idempotency mechanism. */
export interface IdempotencySettings {
  /** Header every POST/PATCH takes even when the document does not declare it. */
  providerHeader?: string | undefined;
  /** The token operation (never given a key): lower-case method and path. */
  tokenOperation?: { method: string; path: string } | undefined;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
/** `Idempotency-Key`, `X-Idempotency-Key`, `idempotency_key`, in any case. */
const IDEMPOTENCY_HEADER = /^(x-)?idempotency[-_]?key$/i;

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
      const header =
        declaredHeader(document, operation.parameters, item.parameters) ??
        (method === "post" || method === "patch" ? settings.providerHeader : undefined);
      if (header !== undefined) {
        found.push({ method: method.toUpperCase() as IdempotentOperationFact["method"], path, header });
      }
    }
  }
  return found;
}

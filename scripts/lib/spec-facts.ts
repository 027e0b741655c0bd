import { parseDocument } from "yaml";

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** An HTTP method as openapi-fetch spells it in its typed methods. */
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

/** A server as declared by the document. */
export interface ServerFact {
  url: string;
  description?: string;
}

/** An operation the document marks public with an explicit `security: []`. */
export interface PublicOperationFact {
  method: HttpMethod;
  path: string;
  operationId?: string;
}

/** The runtime facts the generator derives from a document. */
export interface SpecFacts {
  openapi: string;
  title: string;
  version: string;
  servers: ServerFact[];
  /** `production` / `sandbox` URLs, derived from server descriptions where unambiguous. */
  environments: Partial<Record<"production" | "sandbox", string>>;
  publicOperations: PublicOperationFact[];
  operationCount: number;
}

/** A document problem with the file and location it was found at. */
export class SpecError extends Error {
  override name = "SpecError";
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses YAML or JSON text strictly; throws SpecError naming the file, line and problem. */
export function parseSpecText(text: string, file: string): Json {
  return checkOpenApiShape(parseJsonFast(text) ?? parseYaml(text, file), file);
}

/** JSON documents (what the providers publish upstream) take JSON.parse, ~100x faster than a YAML parse. */
function parseJsonFast(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // let the YAML parser (a JSON superset) locate the problem
  }
}

function parseYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const where = problem.linePos?.[0];
    const at = where ? `:${where.line}:${where.col}` : "";
    throw new SpecError(`${file}${at}: cannot parse: ${problem.message.split("\n")[0]}`);
  }
  return doc.toJS({ maxAliasCount: 100 }) as unknown;
}

function checkOpenApiShape(value: unknown, file: string): Json {
  if (!isObject(value)) throw new SpecError(`${file}: the document is not an object`);
  if (typeof value.openapi !== "string" || !/^3\.[01]\.\d+$/.test(value.openapi)) {
    throw new SpecError(`${file}: \`openapi\` must be a 3.0.x or 3.1.x version string`);
  }
  if (!isObject(value.info) || typeof value.info.title !== "string" || typeof value.info.version !== "string") {
    throw new SpecError(`${file}: \`info.title\` and \`info.version\` are required strings`);
  }
  if (value.paths !== undefined && !isObject(value.paths)) {
    throw new SpecError(`${file}: \`paths\` must be an object`);
  }
  return value;
}

function environmentOf(description: string | undefined): "production" | "sandbox" | undefined {
  const text = (description ?? "").toLowerCase();
  const production = /\b(production|live|prod)\b/.test(text);
  const sandbox = /\b(sandbox|test|staging)\b/.test(text);
  if (production === sandbox) return undefined;
  return production ? "production" : "sandbox";
}

/** `production` / `sandbox` URLs from server descriptions; a name two servers claim is left out. */
function environmentsFrom(servers: readonly ServerFact[]): SpecFacts["environments"] {
  const environments: SpecFacts["environments"] = {};
  const seen = new Set<string>();
  for (const server of servers) {
    const environment = environmentOf(server.description);
    if (!environment) continue;
    if (seen.has(environment)) delete environments[environment];
    else environments[environment] = server.url;
    seen.add(environment);
  }
  return environments;
}

/** The `environments` the generator would export for a parsed document (malformed servers are skipped). */
export function environmentsOf(document: Json): SpecFacts["environments"] {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  return environmentsFrom(
    servers
      .filter((server): server is Json => isObject(server) && typeof server.url === "string")
      .map((server) => ({
        url: server.url as string,
        ...(typeof server.description === "string" ? { description: server.description } : {}),
      })),
  );
}

/** Derives servers, environments and public operations from a parsed document. */
export function specFacts(document: Json, file: string): SpecFacts {
  const info = document.info as Json;
  const servers: ServerFact[] = [];
  if (document.servers !== undefined && !Array.isArray(document.servers)) {
    throw new SpecError(`${file}: \`servers\` must be an array`);
  }
  for (const [index, server] of ((document.servers as unknown[] | undefined) ?? []).entries()) {
    if (!isObject(server) || typeof server.url !== "string") {
      throw new SpecError(`${file}: servers[${index}].url must be a string`);
    }
    servers.push({
      url: server.url,
      ...(typeof server.description === "string" ? { description: server.description } : {}),
    });
  }
  const environments = environmentsFrom(servers);
  const publicOperations: PublicOperationFact[] = [];
  let operationCount = 0;
  for (const [path, item] of Object.entries((document.paths as Json | undefined) ?? {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      operationCount++;
      if (Array.isArray(operation.security) && operation.security.length === 0) {
        publicOperations.push({
          method: method.toUpperCase() as HttpMethod,
          path,
          ...(typeof operation.operationId === "string" ? { operationId: operation.operationId } : {}),
        });
      }
    }
  }
  return {
    openapi: document.openapi as string,
    title: info.title as string,
    version: info.version as string,
    servers,
    environments,
    publicOperations,
    operationCount,
  };
}

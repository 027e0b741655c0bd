/**
 * Builds `src/generated/responses.zod.gen.ts`: for every operation (`"POST /v1/auth/jwt"`), its
 * documented responses per status (`"201"`, `"4XX"`, `"default"`) and media type, each a zod/mini
 * schema of the body, or `null` when the body is documented but not checkable (no schema, or a
 * media type that is not JSON). A status documented without content maps to `{}`.
 */
import { type Json, resolvePointer, ZodEmitter } from "./zod-emitter.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON media types: the only bodies openapi-fetch parses into data by default. */
export function isJsonMediaType(mediaType: string): boolean {
  const base = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  return base === "application/json" || base.endsWith("+json") || base === "*/*";
}

function followRef(document: Json, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 16 && isObject(current) && typeof current.$ref === "string"; hops++)
    current = resolvePointer(document, current.$ref);
  return current;
}

function contentTable(emitter: ZodEmitter, document: Json, response: unknown): string {
  const content = (followRef(document, response) as Json | undefined)?.content;
  if (!isObject(content)) return "{}";
  const entries = Object.entries(content).map(([mediaType, media]) => {
    const schema = isObject(media) ? media.schema : undefined;
    const value = schema !== undefined && isJsonMediaType(mediaType) ? emitter.expression(schema) : "null";
    return `${JSON.stringify(mediaType.toLowerCase())}: ${value}`;
  });
  return `{ ${entries.join(", ")} }`;
}

function operationTable(emitter: ZodEmitter, document: Json, operation: Json): string {
  const responses = isObject(operation.responses) ? operation.responses : {};
  const statuses = Object.entries(responses).map(
    ([status, response]) =>
      `    ${JSON.stringify(status.toUpperCase())}: ${contentTable(emitter, document, response)},`,
  );
  return ["{", ...statuses, "  }"].join("\n");
}

/** The generated module's body (without the do-not-edit header). */
export function responseSchemaModule(document: Json): string {
  const openapi = typeof document.openapi === "string" ? document.openapi : "3.0.0";
  const emitter = new ZodEmitter(document, openapi.startsWith("3.0"));
  const rows: string[] = [];
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      rows.push(
        `  ${JSON.stringify(`${method.toUpperCase()} ${path}`)}: ${operationTable(emitter, document, operation)},`,
      );
    }
  }
  return [
    'import type { ResponseSchemaTable } from "@scope/auth-core/validation";',
    'import * as z from "zod/mini";',
    "",
    ...emitter.declarations,
    "",
    "/** Documented response bodies per operation, status and media type (`null`: documented, not checked). */",
    "export const responseSchemas: ResponseSchemaTable = {",
    ...rows,
    "};",
    "",
  ].join("\n");
}

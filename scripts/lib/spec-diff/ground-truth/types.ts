/** The types module a consumer compiles against: openapi-typescript's output plus the generated `environments`. */

import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { environmentsOf } from "../../spec-facts.ts";
import { isObject, type Json } from "../model.ts";

/** Generates the types the provider packages export for `document` (same openapi-typescript call as `pnpm generate`). */
export async function generatedTypesOf(document: Json): Promise<string> {
  const types = astToString(await openapiTS(structuredClone(document) as unknown as OpenAPI3, { silent: true }));
  const servers = Array.isArray(document.servers) ? document.servers.filter(isObject).map((server) => server.url) : [];
  return [
    types,
    `export const servers = ${JSON.stringify(servers.map((url) => ({ url })))} as const;`,
    `export const environments = ${JSON.stringify(environmentsOf(document))} as const;`,
    "",
  ].join("\n");
}

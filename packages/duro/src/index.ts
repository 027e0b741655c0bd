/**
 * @scope/duro: typed client for the Duro API.
 * Types are generated from specs/duro.openapi.yaml into ./generated (never edit those files).
 */
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";

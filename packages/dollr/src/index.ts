/**
 * @scope/dollr: typed client for the Dollr API.
 * Types are generated from specs/dollr.openapi.yaml into ./generated (never edit those files).
 */
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";

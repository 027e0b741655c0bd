/**
 * @scope/turris: typed client for the Turris API.
 * Types are generated from specs/turris.openapi.yaml into ./generated (never edit those files).
 */
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";

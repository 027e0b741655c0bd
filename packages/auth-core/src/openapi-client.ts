/**
 * openapi-fetch's `createClient`, resolved so that it works from our ESM and our CJS build alike.
 * openapi-fetch publishes it only as the default export; our CJS build (esbuild, from ESM sources in a
 * `"type": "module"` package) reads `require("openapi-fetch")` the way Node's ESM would, so a plain
 * default import yields the module object there, not the function.
 */
import * as openapiFetch from "openapi-fetch";

type CreateClient = typeof openapiFetch.default;

const imported: unknown = openapiFetch.default;

/** openapi-fetch's `createClient` (use this, not a default import of "openapi-fetch", in package code). */
export const createOpenApiClient: CreateClient =
  typeof imported === "function" ? (imported as CreateClient) : (imported as { default: CreateClient }).default;

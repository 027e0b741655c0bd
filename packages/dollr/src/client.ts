/**
 * createDollrClient: an openapi-fetch client for Dollr whose requests carry a cached bearer token.
 */

import { createClientCredentialsClient, type MergedPaths } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { idempotentOperations, publicOperations } from "./generated/spec.gen.js";
import { type DollrClientOptions, resolveDollrOptions } from "./options.js";
import {
  createDollrTokenEndpoint,
  DOLLR_TOKEN_OPERATION,
  type DollrTokenResponse,
  dollrTokenUrl,
} from "./token-dialect.js";
import { SDK_PRODUCT } from "./version.js";

/** The paths a Dollr client is typed with: the generated `paths`, plus your own `ExtraPaths` (yours win on a shared path). */
export type DollrPaths<ExtraPaths extends object = Record<never, never>> = MergedPaths<paths, ExtraPaths>;

/**
 * Creates a typed Dollr client; tokens are fetched once, cached and refreshed ahead of expiry.
 * Without credentials in `options`, they come from the environment (`DOLLR_CLIENT_ID` / `DOLLR_CLIENT_SECRET`).
 * `ExtraPaths` (e.g. openapi-typescript's `paths` of a fuller document) types calls beyond the vendored
 * document: `createDollrClient<MyPaths>()`; those calls are authenticated, retried and keyed like the rest.
 */
export function createDollrClient<ExtraPaths extends object = Record<never, never>>(
  options: DollrClientOptions = {},
): Client<DollrPaths<ExtraPaths>> {
  const { baseUrl, clientId, clientSecret, fetch, tuning } = resolveDollrOptions(options);
  return createClientCredentialsClient<DollrPaths<ExtraPaths>, DollrTokenResponse>({
    baseUrl,
    tokenUrl: dollrTokenUrl(baseUrl),
    clientId,
    clientSecret,
    fetch,
    tuning,
    endpoint: createDollrTokenEndpoint({ baseUrl, clientId, clientSecret, fetch }),
    publicOperations: [...publicOperations, DOLLR_TOKEN_OPERATION],
    idempotentOperations,
    sdk: SDK_PRODUCT,
  });
}

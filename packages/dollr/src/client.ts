/**
 * createDollrClient: an openapi-fetch client for Dollr whose requests carry a cached bearer token.
 */

import { createClientCredentialsClient } from "@scope/auth-core";
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

/** Creates a typed Dollr client; tokens are fetched once, cached and refreshed ahead of expiry. */
export function createDollrClient(options: DollrClientOptions): Client<paths> {
  const { baseUrl, clientId, clientSecret, fetch, tuning } = resolveDollrOptions(options);
  return createClientCredentialsClient<paths, DollrTokenResponse>({
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

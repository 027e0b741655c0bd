/**
 * createDuroClient: an openapi-fetch client for Duro whose requests carry a cached OAuth bearer
 * token, or a secret key (`sk_test_…` / `sk_live_…`) as the bearer.
 */

import { createClientCredentialsClient, createStaticHeaderClient } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { idempotentOperations, publicOperations } from "./generated/spec.gen.js";
import { type DuroClientOptions, resolveDuroOptions } from "./options.js";
import {
  createDuroTokenEndpoint,
  DURO_TOKEN_OPERATION,
  type DuroTokenResponse,
  duroTokenUrl,
} from "./token-dialect.js";
import { SDK_PRODUCT } from "./version.js";

/** Creates a typed Duro client; OAuth tokens are fetched once, cached and refreshed ahead of expiry. */
export function createDuroClient(options: DuroClientOptions): Client<paths> {
  const resolved = resolveDuroOptions(options);
  const { baseUrl, fetch, tuning } = resolved;
  if (resolved.mode === "alternative") {
    return createStaticHeaderClient<paths>({
      baseUrl,
      fetch,
      header: "authorization",
      value: `Bearer ${resolved.value}`,
      dangerouslyAllowBrowser: resolved.tuning.dangerouslyAllowBrowser,
      resilience: tuning.resilience,
      idempotentOperations,
      telemetry: tuning,
      provider: "duro",
      sdk: SDK_PRODUCT,
    });
  }
  const { clientId, clientSecret } = resolved;
  return createClientCredentialsClient<paths, DuroTokenResponse>({
    baseUrl,
    tokenUrl: duroTokenUrl(baseUrl),
    clientId,
    clientSecret,
    fetch,
    tuning,
    endpoint: createDuroTokenEndpoint({ baseUrl, clientId, clientSecret, fetch }),
    publicOperations: [...publicOperations, DURO_TOKEN_OPERATION],
    idempotentOperations,
    sdk: SDK_PRODUCT,
  });
}

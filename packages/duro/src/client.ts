/**
 * createDuroClient: an openapi-fetch client for Duro whose requests carry a cached OAuth bearer
 * token, or a secret key (`sk_test_…` / `sk_live_…`) as the bearer.
 */

import { createClientCredentialsClient, createStaticHeaderClient, type MergedPaths } from "@scope/auth-core";
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

/** The paths a Duro client is typed with: the generated `paths`, plus your own `ExtraPaths` (yours win on a shared path). */
export type DuroPaths<ExtraPaths extends object = Record<never, never>> = MergedPaths<paths, ExtraPaths>;

/**
 * Creates a typed Duro client; OAuth tokens are fetched once, cached and refreshed ahead of expiry.
 * Without credentials in `options`, they come from the environment (`DURO_CLIENT_ID` / `DURO_CLIENT_SECRET`, else `DURO_API_KEY`).
 * `ExtraPaths` (e.g. openapi-typescript's `paths` of a fuller document) types calls beyond the vendored
 * document: `createDuroClient<MyPaths>()`; those calls are authenticated, retried and keyed like the rest.
 */
export function createDuroClient<ExtraPaths extends object = Record<never, never>>(
  options: DuroClientOptions = {},
): Client<DuroPaths<ExtraPaths>> {
  const resolved = resolveDuroOptions(options);
  const { baseUrl, fetch, tuning } = resolved;
  if (resolved.mode === "alternative") {
    return createStaticHeaderClient<DuroPaths<ExtraPaths>>({
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
  return createClientCredentialsClient<DuroPaths<ExtraPaths>, DuroTokenResponse>({
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

/**
 * createTurrisClient: an openapi-fetch client for Turris whose requests carry a cached bearer token,
 * or a static `x-restricted-access-token` header.
 */

import { createClientCredentialsClient, createStaticHeaderClient, type MergedPaths } from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { idempotentOperations, publicOperations } from "./generated/spec.gen.js";
import { resolveTurrisOptions, type TurrisClientOptions } from "./options.js";
import {
  createTurrisTokenEndpoint,
  TURRIS_TOKEN_OPERATION,
  type TurrisTokenResponse,
  turrisTokenUrl,
} from "./token-dialect.js";
import { SDK_PRODUCT } from "./version.js";

/** The paths a Turris client is typed with: the generated `paths`, plus your own `ExtraPaths` (yours win on a shared path). */
export type TurrisPaths<ExtraPaths extends object = Record<never, never>> = MergedPaths<paths, ExtraPaths>;

/**
 * Creates a typed Turris client; tokens are fetched once, cached and refreshed ahead of expiry.
 * Without credentials in `options`, they come from the environment (`TURRIS_CLIENT_ID` / `TURRIS_CLIENT_SECRET`).
 * `ExtraPaths` (e.g. openapi-typescript's `paths` of a fuller document) types calls beyond the vendored
 * document: `createTurrisClient<MyPaths>()`; those calls are authenticated, retried and keyed like the rest.
 */
export function createTurrisClient<ExtraPaths extends object = Record<never, never>>(
  options: TurrisClientOptions = {},
): Client<TurrisPaths<ExtraPaths>> {
  const resolved = resolveTurrisOptions(options);
  const { baseUrl, fetch, tuning } = resolved;
  if (resolved.mode === "alternative") {
    return createStaticHeaderClient<TurrisPaths<ExtraPaths>>({
      baseUrl,
      fetch,
      header: "x-restricted-access-token",
      value: resolved.value,
      dangerouslyAllowBrowser: resolved.tuning.dangerouslyAllowBrowser,
      resilience: tuning.resilience,
      idempotentOperations,
      telemetry: tuning,
      provider: "turris",
      sdk: SDK_PRODUCT,
    });
  }
  const { clientId, clientSecret } = resolved;
  return createClientCredentialsClient<TurrisPaths<ExtraPaths>, TurrisTokenResponse>({
    baseUrl,
    tokenUrl: turrisTokenUrl(baseUrl),
    clientId,
    clientSecret,
    fetch,
    tuning,
    endpoint: createTurrisTokenEndpoint({ baseUrl, clientId, clientSecret, fetch }),
    publicOperations: [...publicOperations, TURRIS_TOKEN_OPERATION],
    idempotentOperations,
    sdk: SDK_PRODUCT,
  });
}

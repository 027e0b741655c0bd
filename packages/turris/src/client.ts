/**
 * createTurrisClient: an openapi-fetch client for Turris whose requests carry a cached bearer token,
 * or a static `x-restricted-access-token` header.
 */

import { createClientCredentialsClient, createStaticHeaderClient } from "@scope/auth-core";
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

/** Creates a typed Turris client; tokens are fetched once, cached and refreshed ahead of expiry. */
export function createTurrisClient(options: TurrisClientOptions): Client<paths> {
  const resolved = resolveTurrisOptions(options);
  const { baseUrl, fetch, tuning } = resolved;
  if (resolved.mode === "alternative") {
    return createStaticHeaderClient<paths>({
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
  return createClientCredentialsClient<paths, TurrisTokenResponse>({
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

import { sha256Hex } from "./sha256.js";

/** The parts that identify one set of client credentials at one token endpoint. */
export interface TokenCacheKeyParts {
  provider: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Builds `provider|tokenUrl|clientId|sha256:<hex>`: distinct per credential set, never containing the secret. */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  const digest = sha256Hex(parts.clientSecret);
  return `${parts.provider}|${parts.tokenUrl}|${parts.clientId}|sha256:${digest}`;
}

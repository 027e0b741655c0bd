import { sha256Hex } from "./sha256.js";

/** The parts that identify one set of client credentials at one token endpoint. */
export interface TokenCacheKeyParts {
  /** Provider name, e.g. "dollr". */
  provider: string;
  /** Absolute URL of the token endpoint. */
  tokenUrl: string;
  /** The OAuth client id (not a secret; kept as is in the key). */
  clientId: string;
  /** The client secret: only its SHA-256 enters the key. */
  clientSecret: string;
}

/** Builds `provider|tokenUrl|clientId|sha256:<hex>`: distinct per credential set, never containing the secret. */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  const digest = sha256Hex(parts.clientSecret);
  return `${parts.provider}|${parts.tokenUrl}|${parts.clientId}|sha256:${digest}`;
}

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

/**
 * The default credential name of a cache: for a {@link tokenCacheKey} (`provider|tokenUrl|clientId|sha256:…`)
 * `"provider:clientId"`; for any other key, the key with every `sha256:<hex>` part and every run of 32 or more
 * hex digits removed (so no hash of a secret reaches an event).
 */
export function credentialOfKey(key: string): string {
  const parts = key.split("|");
  if (parts.length === 4 && parts[3]?.startsWith("sha256:")) return `${parts[0]}:${parts[2]}`;
  return key.replace(/sha256:[0-9a-f]*/gi, "").replace(/[0-9a-f]{32,}/gi, "***");
}

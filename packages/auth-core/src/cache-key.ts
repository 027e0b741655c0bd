import { createHash } from "node:crypto";

/** The parts that identify one set of client credentials at one token endpoint. */
export interface TokenCacheKeyParts {
  provider: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Builds `provider|tokenUrl|clientId|sha256:<hex>`: distinct per credential set, never containing the secret. */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  const digest = createHash("sha256").update(parts.clientSecret, "utf8").digest("hex");
  return `${parts.provider}|${parts.tokenUrl}|${parts.clientId}|sha256:${digest}`;
}

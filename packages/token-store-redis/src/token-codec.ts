/**
 * The stored form of a token: JSON of its value and timing, checked on the way back with auth-core's
 * own small validator (the one its token responses and options go through), so the store ships no
 * second validation library.
 */
import { type CachedToken, schema as s } from "@scope/auth-core";

/** What a stored value must look like (finite, non-negative times); anything else is treated as a miss. */
const storedTokenSchema = s.object({
  accessToken: s.string({ minLength: 1 }),
  receivedAt: s.number({ min: 0 }),
  expiresAt: s.number({ min: 0 }),
  tokenType: s.optional(s.string()),
});

/** Serialises a token's value and timing only (any other property on the object is dropped). */
export function encodeToken(token: CachedToken): string {
  const stored: CachedToken = {
    accessToken: token.accessToken,
    receivedAt: token.receivedAt,
    expiresAt: token.expiresAt,
  };
  if (token.tokenType !== undefined) stored.tokenType = token.tokenType;
  return JSON.stringify(stored);
}

/** Parses a stored value; corrupt JSON or a wrong shape yields `undefined` (a miss), never a throw. */
export function decodeToken(raw: string | null | undefined): CachedToken | undefined {
  if (typeof raw !== "string") return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const result = storedTokenSchema.safeParse(parsed);
  if (!result.success || result.data.expiresAt < result.data.receivedAt) return undefined;
  const { accessToken, receivedAt, expiresAt, tokenType } = result.data;
  return tokenType === undefined
    ? { accessToken, receivedAt, expiresAt }
    : { accessToken, receivedAt, expiresAt, tokenType };
}

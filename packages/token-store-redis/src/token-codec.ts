import type { CachedToken } from "@scope/auth-core";
import * as z from "zod/mini";

/** What a stored value must look like; anything else is treated as a miss. */
const storedTokenSchema = z.object({
  accessToken: z.string().check(z.minLength(1)),
  receivedAt: z.number().check(z.nonnegative()),
  expiresAt: z.number().check(z.nonnegative()),
  tokenType: z.optional(z.string()),
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

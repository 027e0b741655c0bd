/** Redis keys for one cache key: the token entry and its refresh lease. */
export interface StoreKeys {
  token: string;
  lock: string;
}

const MAX_KEY_LENGTH = 1024;

/** Checks a namespace prefix: non-empty, printable, no whitespace. */
export function assertValidPrefix(prefix: string): void {
  if (prefix.length === 0 || prefix.length > 128 || !/^[\x21-\x7e]+$/.test(prefix)) {
    throw new TypeError("Redis token store prefix must be 1-128 printable characters without spaces");
  }
}

/**
 * Builds `<prefix>:<key>` and `<prefix>:<key>:lock`. The key is auth-core's cache key
 * (`provider|tokenUrl|clientId|sha256:<hex>`), so no secret ever reaches Redis; Redis keys are
 * binary-safe, so any non-empty key up to 1024 characters is used as is. It is never echoed into errors.
 */
export function storeKeys(prefix: string, key: string): StoreKeys {
  if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new TypeError(`Token store key must be 1-${MAX_KEY_LENGTH} characters`);
  }
  const token = `${prefix}:${key}`;
  return { token, lock: `${token}:lock` };
}

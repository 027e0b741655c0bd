import type { CachedToken, RefreshWindowOptions } from "../types.js";

const DEFAULT_WINDOW_MAX_MS = 5 * 60 * 1000;
const DEFAULT_WINDOW_FRACTION = 0.1;

/** Validity and freshness of a token: the refresh-ahead window is `min(maxMs, fraction * lifetime)`. */
export interface RefreshWindow {
  /** The token still works at `now` (wall ms). */
  isValid(token: CachedToken, now: number): boolean;
  /** The token is outside its refresh window at `now`: no refresh due yet. */
  isFresh(token: CachedToken, now: number): boolean;
}

/** Builds the window from the options (defaults: 5 minutes, 10 % of the lifetime). */
export function createRefreshWindow(options: RefreshWindowOptions | undefined): RefreshWindow {
  const max = options?.maxMs ?? DEFAULT_WINDOW_MAX_MS;
  const fraction = options?.fraction ?? DEFAULT_WINDOW_FRACTION;
  const windowMs = (token: CachedToken): number =>
    Math.min(max, fraction * Math.max(0, token.expiresAt - token.receivedAt));
  return {
    isValid: (token, now) => now < token.expiresAt,
    isFresh: (token, now) => now < token.expiresAt - windowMs(token),
  };
}

/**
 * Identification: which SDK sent a request. Every API and token request carries `x-scope-sdk` (e.g.
 * `scope-dollr/0.3.0 auth-core/0.4.0`) and, where the runtime lets a script set it (not in browsers), the
 * same text as `User-Agent`. Versions are the package.json versions, defined at build time.
 */
import { isBrowserEnvironment } from "../browser-guard.js";

declare const __SCOPE_PACKAGE_VERSION__: string | undefined;

/** This package's version (its package.json version, defined at build time). */
export const AUTH_CORE_VERSION: string =
  typeof __SCOPE_PACKAGE_VERSION__ === "string" ? __SCOPE_PACKAGE_VERSION__ : "0.0.0-dev";

/** The header naming the SDK; sent everywhere (browsers forbid setting `User-Agent`). */
export const SDK_HEADER = "x-scope-sdk";

/** `"<product> auth-core/<version>"`, e.g. `scope-dollr/0.3.0 auth-core/0.4.0` (`product` names the provider package). */
export function sdkIdentity(product?: string): string {
  const core = `auth-core/${AUTH_CORE_VERSION}`;
  return product === undefined ? core : `${product} ${core}`;
}

/** The identification headers for `identity`: `x-scope-sdk`, plus `User-Agent` outside browsers. */
export function identificationHeaders(identity: string): Record<string, string> {
  return isBrowserEnvironment() ? { [SDK_HEADER]: identity } : { [SDK_HEADER]: identity, "user-agent": identity };
}

/** Sets each header the request does not already carry (a caller's own User-Agent wins). */
export function identify(request: Request, headers: Record<string, string>): void {
  for (const name in headers) {
    if (!request.headers.has(name)) request.headers.set(name, headers[name] as string);
  }
}

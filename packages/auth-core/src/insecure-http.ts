/**
 * Refusal of cleartext URLs: client secrets and bearer tokens must not cross the network in the clear,
 * so an `http://` URL is accepted only for a loopback host (127.0.0.0/8, ::1, localhost: local mocks)
 * or with the explicit `dangerouslyAllowInsecureHttp: true`.
 */
import { ClientOptionsError } from "./option-schemas.js";

/** True for a loopback host name: `localhost` (and `*.localhost`), 127.0.0.0/8 or `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return /^(127(\.\d{1,3}){3}|\[?::1\]?|(.+\.)?localhost\.?)$/i.test(hostname);
}

/**
 * Throws a ClientOptionsError naming `baseUrl` when `url` is `http://` to a non-loopback host and
 * `allowInsecureHttp` is not true. The message names the host, never a credential.
 */
export function assertSecureUrl(factory: string, url: string, allowInsecureHttp: unknown): void {
  const { protocol, hostname } = new URL(url);
  if (protocol === "http:" && allowInsecureHttp !== true && !isLoopbackHost(hostname)) {
    throw new ClientOptionsError(
      `${factory}: option "baseUrl": cleartext http:// to ${hostname}; use https://, loopback or dangerouslyAllowInsecureHttp: true`,
      "baseUrl",
    );
  }
}

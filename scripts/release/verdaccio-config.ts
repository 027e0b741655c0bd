/** Inputs for a throwaway Verdaccio configuration. */
export interface VerdaccioConfigInput {
  /** Folder for published tarballs and metadata; deleted after the run. */
  storageDir: string;
  /** htpasswd file for the throwaway publishing user. */
  htpasswdFile: string;
  /** Registry that serves every package we do not publish ourselves (read from `npm config get registry`). */
  uplinkUrl: string;
  /** Scopes we publish (for example `@scope`); they are never proxied, so the real registry cannot shadow them. */
  ownScopes: readonly string[];
  /** Proxies npm itself uses (`npm config get https-proxy` / `proxy`), passed on to the uplink. */
  httpsProxy?: string | undefined;
  httpProxy?: string | undefined;
}

/** The Verdaccio 5 configuration object; JSON is valid YAML, so it is written with JSON.stringify. */
export function verdaccioConfig(input: VerdaccioConfigInput): Record<string, unknown> {
  if (!/^https?:\/\//.test(input.uplinkUrl)) {
    throw new Error(`uplink registry must be an http(s) URL, got "${input.uplinkUrl}"`);
  }
  const packages: Record<string, unknown> = {};
  for (const scope of input.ownScopes) {
    if (!/^@[a-z0-9][a-z0-9._-]*$/.test(scope)) throw new Error(`not an npm scope: "${scope}"`);
    // No `proxy`: our own packages come only from what the test publishes.
    packages[`${scope}/*`] = { access: "$all", publish: "$authenticated", unpublish: "$authenticated" };
  }
  const proxies: Record<string, string> = {};
  if (input.httpsProxy !== undefined) proxies.https_proxy = input.httpsProxy;
  if (input.httpProxy !== undefined) proxies.http_proxy = input.httpProxy;
  packages["**"] = { access: "$all", publish: "$authenticated", unpublish: "$authenticated", proxy: "upstream" };
  return {
    storage: input.storageDir,
    auth: { htpasswd: { file: input.htpasswdFile, max_users: 10 } },
    uplinks: {
      upstream: { url: input.uplinkUrl, timeout: "120s", max_fails: 10, fail_timeout: "1m", cache: true, ...proxies },
    },
    packages,
    server: { keepAliveTimeout: 60 },
    middlewares: { audit: { enabled: false } },
    web: { enable: false },
    logs: { type: "stdout", format: "pretty", level: "warn" },
    max_body_size: "100mb",
  };
}

/** Serialises a Verdaccio configuration as a YAML document (JSON is a subset of YAML). */
export function formatVerdaccioConfig(config: Record<string, unknown>): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Client credentials must not run in a browser: the secret would ship to every user of the page.
 * Client construction (resolveConnection, createClientCredentialsClient) refuses a browser global
 * environment unless the caller passes `dangerouslyAllowBrowser: true`.
 */

/** Whether the code runs with a browser's globals (`window`, `document`, `navigator`): a page or a renderer. */
export function isBrowserEnvironment(): boolean {
  const scope = globalThis as { window?: unknown; document?: unknown; navigator?: unknown };
  return scope.window !== undefined && scope.document !== undefined && scope.navigator !== undefined;
}

/** The message of the error a client factory throws in a browser. */
export const BROWSER_REFUSAL =
  "refusing to run in a browser: the client secret or API key would reach every user. Call the API from " +
  "a server, or pass dangerouslyAllowBrowser: true in a trusted environment.";

/**
 * Credentials from environment variables, read defensively: `globalThis.process?.env` where it exists
 * (Node, Bun, Deno's Node compatibility), nothing elsewhere (Workers, Vercel Edge, browsers). No Node
 * built-in is imported, and a runtime that throws on env access (Deno without --allow-env) reads as unset.
 */

/** The environment variables a provider reads its credentials from when the options omit them. */
export interface CredentialVariables {
  /** Holds the client id, e.g. "DOLLR_CLIENT_ID". */
  readonly clientId: string;
  /** Holds the client secret, e.g. "DOLLR_CLIENT_SECRET". */
  readonly clientSecret: string;
  /** Holds the provider's alternative credential, e.g. "DURO_API_KEY"; read only when no client credentials are set. */
  readonly alternative?: string;
}

/** The value of environment variable `name`, or undefined when it is unset, empty, or the runtime has no readable env. */
export function readEnvironmentVariable(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    const value = env?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined;
  }
}

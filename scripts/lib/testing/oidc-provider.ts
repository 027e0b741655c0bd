/**
 * Test helper: oidc-provider, the real OAuth 2 authorization server some tests start on 127.0.0.1,
 * set up so that it prints nothing in a green run. Its quick-start defaults (an in-memory adapter,
 * development signing keys, the default ClientCredentials lifetime) each print a warning or a notice,
 * so {@link quietProviderSettings} passes the test's own. On Node 20 it also warns, once, when it is
 * imported, that it wants Node 22 (the tests run it on every Node the SDKs support):
 * {@link importOidcProvider} drops that one line while it imports the module, and nothing else.
 */
import { generateKeyPairSync } from "node:crypto";
import type { Adapter, AdapterPayload, Configuration, JWK } from "oidc-provider";

/** oidc-provider's `Provider` class. */
export type OidcProvider = typeof import("oidc-provider").default;

const RUNTIME_WARNING = "oidc-provider WARNING: Unsupported runtime.";

/**
 * Imports oidc-provider without its unsupported-runtime warning (any other console.warn line still
 * goes through). Import it only through this function: a static import prints the warning first.
 */
export async function importOidcProvider(): Promise<OidcProvider> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].includes(RUNTIME_WARNING)) return;
    warn(...args);
  };
  try {
    return (await import("oidc-provider")).default;
  } finally {
    console.warn = warn;
  }
}

/** An in-memory oidc-provider adapter (one store per provider; entries expire as oidc-provider asks). */
function memoryAdapter(): (name: string) => Adapter {
  const store = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  return (name) => {
    const key = (id: string) => `${name}:${id}`;
    const live = (id: string) => {
      const entry = store.get(key(id));
      return entry && entry.expiresAt > Date.now() ? entry.payload : undefined;
    };
    const findBy = (field: "uid" | "userCode", value: string) =>
      [...store.values()].find((entry) => entry.payload[field] === value && entry.expiresAt > Date.now())?.payload;
    return {
      async upsert(id, payload, expiresIn) {
        store.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
      },
      async find(id) {
        return live(id);
      },
      async findByUid(uid) {
        return findBy("uid", uid);
      },
      async findByUserCode(userCode) {
        return findBy("userCode", userCode);
      },
      async consume(id) {
        const payload = live(id);
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        store.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [id, entry] of store) if (entry.payload.grantId === grantId) store.delete(id);
      },
    };
  };
}

/**
 * The settings that replace oidc-provider's noisy quick-start defaults: a fresh in-memory store, an
 * RSA signing key of the test's own and a ten-minute ClientCredentials token lifetime.
 */
export function quietProviderSettings(): Pick<Configuration, "adapter" | "jwks" | "ttl"> {
  const key = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  return { adapter: memoryAdapter(), jwks: { keys: [key as JWK] }, ttl: { ClientCredentials: 600 } };
}

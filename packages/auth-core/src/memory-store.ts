import { coordinatedTokenStore } from "./token/coordinated-store.js";
import type { CachedToken, Clock, TokenStore, TokenStoreLock } from "./types.js";

/** Options of InMemoryTokenStore. */
export interface InMemoryTokenStoreOptions {
  /** Time source for TTLs and leases. Default `Date.now`. */
  clock?: Clock;
}

interface Entry {
  token: CachedToken;
  until: number;
}

interface Lease {
  owner: symbol;
  until: number;
}

const systemClock: Clock = { now: () => Date.now() };
const inspectSymbol = Symbol.for("nodejs.util.inspect.custom");

/** A process-local TokenStore with TTLs and leases measured on an injectable clock. */
export class InMemoryTokenStore implements TokenStore {
  readonly #entries = new Map<string, Entry>();
  readonly #leases = new Map<string, Lease>();
  readonly #clock: Clock;

  constructor(options: InMemoryTokenStoreOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    // Set here, not as a computed-key method: a class body without computed keys lets bundlers drop
    // the class from bundles that never use it.
    Object.defineProperty(this, inspectSymbol, { value: () => `InMemoryTokenStore { size: ${this.size} }` });
    // Brings the store coordination along (only bundles that use this store pay for it).
    coordinatedTokenStore(this);
  }

  /** Returns the token stored under `key` unless its TTL has passed. */
  async get(key: string): Promise<CachedToken | undefined> {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (this.#clock.now() >= entry.until) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.token;
  }

  /** Stores `token` for `ttlMs` milliseconds; a non-positive TTL deletes the entry. */
  async set(key: string, token: CachedToken, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) {
      this.#entries.delete(key);
      return;
    }
    this.#entries.set(key, { token, until: this.#clock.now() + ttlMs });
  }

  /** Deletes the entry; with `expectedAccessToken`, only if it still holds that token. */
  async delete(key: string, expectedAccessToken?: string): Promise<void> {
    if (expectedAccessToken !== undefined && this.#entries.get(key)?.token.accessToken !== expectedAccessToken) return;
    this.#entries.delete(key);
  }

  /** Acquires the lease on `key` for `leaseMs`, or resolves undefined while another holder has it. */
  async lock(key: string, leaseMs: number): Promise<TokenStoreLock | undefined> {
    const now = this.#clock.now();
    const held = this.#leases.get(key);
    if (held && now < held.until) return undefined;
    const owner = Symbol("lease");
    this.#leases.set(key, { owner, until: now + leaseMs });
    return {
      release: async () => {
        if (this.#leases.get(key)?.owner === owner) this.#leases.delete(key);
      },
      extend: async (extendMs: number) => {
        const lease = this.#leases.get(key);
        if (lease?.owner !== owner || this.#clock.now() >= lease.until) return false;
        lease.until = this.#clock.now() + extendMs;
        return true;
      },
    };
  }

  /** The number of live entries (expired ones are not counted). */
  get size(): number {
    const now = this.#clock.now();
    let live = 0;
    for (const entry of this.#entries.values()) if (now < entry.until) live++;
    return live;
  }

  /** Serialises to an entry count only: tokens never leave the store through JSON. */
  toJSON(): { type: string; size: number } {
    return { type: "InMemoryTokenStore", size: this.size };
  }
}

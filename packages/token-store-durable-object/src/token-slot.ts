/**
 * The state one Durable Object keeps for one cache key: the shared token with the time it expires from
 * the store, and the refresh lease with its owner. Pure and synchronous (time is passed in), so every
 * operation is atomic inside the single-threaded object; the object persists what an operation changed.
 */
import type { CachedToken } from "@scope/auth-core";
import { schema as s } from "@scope/auth-core";
import { type RequestOf, type ResponseOf, toCachedToken, tokenSchema } from "./protocol.js";

/** The stored token and until when (epoch ms) the store serves it. */
export interface TokenEntry {
  token: CachedToken;
  until: number;
}

/** The refresh lease: its random owner id and until when (epoch ms) it holds. */
export interface Lease {
  owner: string;
  until: number;
}

const entrySchema = s.object({ token: tokenSchema, until: s.number() });
const leaseSchema = s.object({ owner: s.string({ minLength: 1 }), until: s.number() });

/** A stored entry read back from storage, or undefined when it is missing or not of the expected shape. */
export function readEntry(value: unknown): TokenEntry | undefined {
  const parsed = entrySchema.safeParse(value);
  return parsed.success ? { token: toCachedToken(parsed.data.token), until: parsed.data.until } : undefined;
}

/** A stored lease read back from storage, or undefined when it is missing or not of the expected shape. */
export function readLease(value: unknown): Lease | undefined {
  const parsed = leaseSchema.safeParse(value);
  return parsed.success ? { owner: parsed.data.owner, until: parsed.data.until } : undefined;
}

/** Which parts an operation changed, so only those are written. */
export interface Changes {
  entry: boolean;
  lease: boolean;
}

/** The token and lease of one key, with the TokenStore operations on them. */
export class TokenSlot {
  entry: TokenEntry | undefined;
  lease: Lease | undefined;
  readonly #newOwner: () => string;

  constructor(entry: TokenEntry | undefined, lease: Lease | undefined, newOwner: () => string) {
    this.entry = entry;
    this.lease = lease;
    this.#newOwner = newOwner;
  }

  /** Drops the entry and the lease once their time has passed; says what it dropped. */
  expire(now: number): Changes {
    const changes = { entry: false, lease: false };
    if (this.entry && now >= this.entry.until) {
      this.entry = undefined;
      changes.entry = true;
    }
    if (this.lease && now >= this.lease.until) {
      this.lease = undefined;
      changes.lease = true;
    }
    return changes;
  }

  /** The earliest time something expires, or undefined when the slot is empty. */
  nextExpiry(): number | undefined {
    const times = [this.entry?.until, this.lease?.until].filter((time): time is number => time !== undefined);
    return times.length === 0 ? undefined : Math.min(...times);
  }

  get(): ResponseOf<"get"> {
    return { token: this.entry ? this.entry.token : null };
  }

  set(request: RequestOf<"set">, now: number): ResponseOf<"set"> {
    this.entry = { token: toCachedToken(request.token), until: now + request.ttlMs };
    return { stored: true };
  }

  /** Compare-and-delete: without `expectedAccessToken` unconditionally, else only if the entry holds that token. */
  delete(request: RequestOf<"delete">): ResponseOf<"delete"> {
    if (!this.entry) return { deleted: false };
    const expected = request.expectedAccessToken;
    if (expected !== undefined && this.entry.token.accessToken !== expected) return { deleted: false };
    this.entry = undefined;
    return { deleted: true };
  }

  /** Grants the lease to a new random owner unless a live lease exists. */
  lock(request: RequestOf<"lock">, now: number): ResponseOf<"lock"> {
    if (this.lease) return { owner: null };
    const owner = this.#newOwner();
    this.lease = { owner, until: now + request.leaseMs };
    return { owner };
  }

  /** Prolongs the lease to `leaseMs` from now, only for its live owner. */
  extend(request: RequestOf<"extend">, now: number): ResponseOf<"extend"> {
    if (this.lease?.owner !== request.owner) return { extended: false };
    this.lease = { owner: request.owner, until: now + request.leaseMs };
    return { extended: true };
  }

  /** Frees the lease, only for its owner: a holder whose lease lapsed cannot free its successor's. */
  release(request: RequestOf<"release">): ResponseOf<"release"> {
    if (this.lease?.owner !== request.owner) return { released: false };
    this.lease = undefined;
    return { released: true };
  }
}

import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InMemoryTokenStore } from "./index.js";

function setup() {
  let now = 1_000_000;
  const clock = { now: () => now };
  const store = new InMemoryTokenStore({ clock });
  const token = { accessToken: "tok-secret-value", receivedAt: now, expiresAt: now + 60_000 };
  return { store, token, advance: (ms: number) => (now += ms) };
}

describe("InMemoryTokenStore", () => {
  it("returns a token until its TTL passes on the injected clock", async () => {
    const { store, token, advance } = setup();
    await store.set("k", token, 10_000);
    expect(await store.get("k")).toEqual(token);
    advance(9_999);
    expect(await store.get("k")).toEqual(token);
    advance(1);
    expect(await store.get("k")).toBeUndefined();
  });

  it("deletes unconditionally, or only when it still holds the expected token", async () => {
    const { store, token } = setup();
    await store.set("k", token, 10_000);
    await store.delete("k", "another-token");
    expect(await store.get("k")).toEqual(token);
    await store.delete("k", token.accessToken);
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", token, 10_000);
    await store.delete("k");
    expect(await store.get("k")).toBeUndefined();
  });

  it("grants one lease at a time until it is released or expires", async () => {
    const { store, advance } = setup();
    const first = await store.lock("k", 5_000);
    expect(first).toBeDefined();
    expect(await store.lock("k", 5_000)).toBeUndefined();
    expect(await store.lock("other", 5_000)).toBeDefined();
    await first?.release();
    const second = await store.lock("k", 5_000);
    expect(second).toBeDefined();
    advance(5_000);
    const third = await store.lock("k", 5_000);
    expect(third).toBeDefined();
    await second?.release(); // an expired lease's release must not free the new holder's lease
    expect(await store.lock("k", 5_000)).toBeUndefined();
  });

  it("never shows its tokens through inspect or JSON", async () => {
    const { store, token } = setup();
    await store.set("k", token, 10_000);
    expect(inspect(store, { showHidden: true, depth: 10 })).not.toContain(token.accessToken);
    expect(JSON.stringify(store)).toBe('{"type":"InMemoryTokenStore","size":1}');
  });
});

describe("InMemoryTokenStore lease extension", () => {
  it("extends only the owner's live lease; a lapsed lease taken by another holder is not extended", async () => {
    let now = 0;
    const store = new InMemoryTokenStore({ clock: { now: () => now } });
    const first = await store.lock("k", 100);
    now = 90;
    expect(await first?.extend?.(100)).toBe(true); // now held until 190
    now = 150;
    expect(await store.lock("k", 100)).toBeUndefined();
    now = 200; // lapsed
    const second = await store.lock("k", 100);
    expect(second).toBeDefined();
    expect(await first?.extend?.(1_000)).toBe(false);
    now = 301;
    expect(await store.lock("k", 100)).toBeDefined(); // the first holder did not stretch the second's lease
  });
});

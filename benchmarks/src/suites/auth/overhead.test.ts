import { describe, expect, it } from "vitest";
import { balancedOrder } from "./overhead.js";

/** How often each variant sits at each position, and how often each ordered pair is adjacent, over `rounds`. */
function tally(items: readonly string[], rounds: number) {
  const positions = new Map<string, number>();
  const followers = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const order = balancedOrder(items, round);
    expect([...order].sort()).toEqual([...items].sort());
    order.forEach((item, position) => {
      positions.set(`${item}@${position}`, (positions.get(`${item}@${position}`) ?? 0) + 1);
      const next = order[position + 1];
      if (next !== undefined) followers.set(`${item}>${next}`, (followers.get(`${item}>${next}`) ?? 0) + 1);
    });
  }
  return { positions, followers };
}

describe("balancedOrder", () => {
  it.each([
    [["static", "control", "naive", "ours"], 4, 1],
    [["a", "b", "c", "d", "e", "f"], 6, 1],
    [["a", "b", "c"], 6, 2],
  ] as const)("%j: every variant at every position and after every other equally often", (items, rounds, times) => {
    const { positions, followers } = tally(items, rounds);
    expect(positions.size).toBe(items.length * items.length);
    expect(new Set(positions.values())).toEqual(new Set([rounds / items.length]));
    // Every ordered pair (x directly before y, x !== y) occurs, and equally often.
    expect(followers.size).toBe(items.length * (items.length - 1));
    expect(new Set(followers.values())).toEqual(new Set([times]));
  });

  it("is empty for no variants", () => {
    expect(balancedOrder([], 3)).toEqual([]);
  });
});

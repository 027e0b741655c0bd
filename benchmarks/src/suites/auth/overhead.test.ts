import { describe, expect, it } from "vitest";
import { rotate } from "./overhead.js";

describe("rotate", () => {
  it("starts each round one variant later so every variant takes every position", () => {
    expect(rotate(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(rotate(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(rotate(["a", "b", "c"], 5)).toEqual(["c", "a", "b"]);
    expect(rotate([], 3)).toEqual([]);
  });
});

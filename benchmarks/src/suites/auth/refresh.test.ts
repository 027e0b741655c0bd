import { describe, expect, it } from "vitest";
import { countRefreshes } from "./refresh.js";

describe("countRefreshes", () => {
  it("counts requests that start within one window of their group's first as one refresh", () => {
    expect(countRefreshes([0, 5, 90, 900, 950, 1801], 100)).toBe(3);
  });

  it("is zero without requests and order-independent", () => {
    expect(countRefreshes([], 100)).toBe(0);
    expect(countRefreshes([1000, 0, 2000], 100)).toBe(3);
  });
});

import { describe, expect, it } from "vitest";
import { formatSummary, pairedRatios, quantile, summarize } from "./stats.js";

describe("quantile", () => {
  it("interpolates between neighbours", () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([10, 0, 5], 0)).toBe(0);
    expect(quantile([10, 0, 5], 1)).toBe(10);
    expect(quantile([0, 100], 0.99)).toBeCloseTo(99);
  });

  it("is NaN for no values", () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe("summarize", () => {
  it("reports runs, median, min–max and quartiles of unsorted input", () => {
    expect(summarize([5, 1, 3, 2, 4])).toEqual({ runs: 5, median: 3, min: 1, max: 5, q1: 2, q3: 4 });
  });
});

describe("pairedRatios", () => {
  it("divides round by round and stops at the shorter list", () => {
    expect(pairedRatios([2, 9, 4], [1, 3])).toEqual([2, 3]);
  });
});

describe("formatSummary", () => {
  it("prints median with the min–max spread and the run count", () => {
    expect(formatSummary(summarize([1, 2, 3]), (v) => v.toFixed(1))).toBe("2.0 (1.0–3.0, n=3)");
  });
});

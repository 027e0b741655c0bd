import { describe, expect, it } from "vitest";
import { machineFacts } from "./machine.js";

describe("machineFacts", () => {
  it("reports CPU, cores, Node version and the given date", () => {
    const facts = machineFacts(new Date("2026-01-02T03:04:05Z"));
    expect(facts.cores).toBeGreaterThan(0);
    expect(facts.cpuModel.length).toBeGreaterThan(0);
    expect(facts.node).toBe(process.version);
    expect(facts.date).toBe("2026-01-02T03:04:05.000Z");
    expect(facts.loadAverage).toBeGreaterThanOrEqual(0);
  });
});

import { describe, expect, it } from "vitest";
import { EXPECTED_CALLS, evaluateReport, type ProbeReport, type ProviderReport } from "./evaluate-report.ts";

const good: ProviderReport = {
  calls: EXPECTED_CALLS,
  okCalls: EXPECTED_CALLS,
  tokenRequestsAfterCalls: 1,
  replay: { status: 200, method: "POST", bodyIntact: true },
  tokenRequests: 2,
  unauthorized: 1,
};
const counted = { tokenRequests: 2, unauthorized: 1 };

function judge(changes: Partial<ProviderReport>, emulator = counted): string[] {
  const report: ProbeReport = { durationMs: 10, providers: { dollr: { ...good, ...changes } } };
  return evaluateReport(report, { dollr: emulator }, ["dollr"]);
}

describe("evaluateReport", () => {
  it("passes a row where 20 calls cost one token request and the 401 was replayed with its body", () => {
    expect(judge({})).toEqual([]);
  });

  it("fails on a failed call, a second token request for the concurrent calls, or fewer calls", () => {
    expect(judge({ okCalls: 19 })).toEqual(["dollr: 1 of 20 concurrent calls failed"]);
    expect(judge({ tokenRequestsAfterCalls: 2 })).toEqual([
      "dollr: 20 concurrent calls cost 2 token requests, expected 1",
    ]);
    expect(judge({ calls: 5, okCalls: 5 })).toEqual(["dollr: made 5 concurrent calls, expected 20"]);
  });

  it("fails when the replay is missing, loses its body, or is not a single 401 + one refetch", () => {
    expect(judge({ replay: { status: 401, method: null, bodyIntact: false } })).toHaveLength(2);
    expect(judge({ replay: { status: 200, method: "POST", bodyIntact: false } })).toEqual([
      "dollr: the replayed POST lost its method or body",
    ]);
    expect(judge({}, { tokenRequests: 3, unauthorized: 1 })).toEqual([
      "dollr: expected 2 token requests in all (1 + 1 after the 401), the emulator counted 3",
    ]);
    expect(judge({ unauthorized: 0 }, { tokenRequests: 2, unauthorized: 0 })).toHaveLength(1);
  });

  it("fails a provider the probe did not report", () => {
    expect(evaluateReport({ durationMs: 1, providers: {} }, { duro: counted }, ["duro"])).toEqual(["duro: no report"]);
  });
});

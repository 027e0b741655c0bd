import { describe, expect, it } from "vitest";
import { evaluateRow, expectationsFor, type PhaseResult, type ReplayResult, type RowReport } from "./expectations.ts";

const phase = (sent: number, tokenRequests: number, ok = sent): PhaseResult => ({
  sent,
  ok,
  tokenRequests,
  errors: ok < sent ? ["HTTP 502: Cannot perform I/O on behalf of a different request"] : [],
});
const replay: ReplayResult = { status: 200, method: "POST", bodyIntact: true, tokenRequests: 2, unauthorized: 1 };

/** A report as a correct runtime measures it. */
function report(changes: Partial<RowReport> = {}): RowReport {
  return {
    sequential: phase(3, 1),
    replay: { dollr: replay, turris: replay },
    concurrentCold: phase(10, 1),
    aborted: { abortedDuringTokenFetch: true, tokenRequests: 1 },
    afterAbort: phase(3, 0),
    ...changes,
  };
}

const node = expectationsFor({ server: "node" });
const workerd = expectationsFor({ server: "workerd" });

describe("expectationsFor", () => {
  it("expects 1 token request for 10 concurrent cold requests on every runtime, workerd included", () => {
    for (const server of ["node", "deno", "bun", "edge", "workerd"] as const) {
      expect(expectationsFor({ server })).toMatchObject({ sequentialTokenRequests: 1, concurrentColdTokenRequests: 1 });
    }
  });

  it("allows one more token request after an aborted fetch in workerd only (it cancels the aborted request's I/O)", () => {
    expect(node.afterAbortTokenRequestsMax).toBe(0);
    expect(workerd.afterAbortTokenRequestsMax).toBe(1);
  });
});

describe("evaluateRow", () => {
  it("passes a row where every request succeeded at the expected token cost", () => {
    expect(evaluateRow(report(), node)).toEqual([]);
    expect(evaluateRow(report({ afterAbort: phase(3, 1) }), workerd)).toEqual([]);
  });

  it("fails failed requests in (a), (b) and (d), naming the error", () => {
    expect(evaluateRow(report({ sequential: phase(3, 1, 1) }), workerd)).toEqual([
      "(a) sequential: 2 of 3 requests failed (HTTP 502: Cannot perform I/O on behalf of a different request)",
    ]);
    expect(evaluateRow(report({ concurrentCold: phase(10, 1, 9) }), node)).toHaveLength(1);
    expect(evaluateRow(report({ afterAbort: phase(3, 0, 2) }), node)).toHaveLength(1);
  });

  it("fails extra token requests: a second one in (a), more than one for the cold burst, any in (d) outside workerd", () => {
    expect(evaluateRow(report({ sequential: phase(3, 2) }), node)).toEqual([
      "(a) sequential: 2 token requests, expected 1",
    ]);
    expect(evaluateRow(report({ concurrentCold: phase(10, 10) }), workerd)).toEqual([
      "(b) 10 concurrent cold: 10 token requests, expected 1",
    ]);
    expect(evaluateRow(report({ afterAbort: phase(3, 1) }), node)).toEqual([
      "(d) after the abort: 1 token requests, expected at most 0",
    ]);
    expect(evaluateRow(report({ afterAbort: phase(3, 2) }), workerd)).toHaveLength(1);
  });

  it("fails a phase that sent the wrong number of requests, or an abort that missed the held token fetch", () => {
    expect(evaluateRow(report({ concurrentCold: phase(5, 1) }), node)).toEqual([
      "(b) 10 concurrent cold: sent 5 requests, expected 10",
    ]);
    expect(evaluateRow(report({ aborted: { abortedDuringTokenFetch: false, tokenRequests: 1 } }), node)).toEqual([
      "(c) aborted: the connection was not closed while the emulator held the token request",
    ]);
  });

  it("fails a replay that did not come back 200, lost its body, or was not one 401 + one refetch", () => {
    const withReplay = (changes: Partial<ReplayResult>) => report({ replay: { turris: { ...replay, ...changes } } });
    expect(evaluateRow(withReplay({ status: 502 }), node)).toEqual([
      "turris replay: the POST after the revocation answered 502",
    ]);
    expect(evaluateRow(withReplay({ bodyIntact: false }), node)).toEqual(["turris replay: lost its method or body"]);
    expect(evaluateRow(withReplay({ tokenRequests: 3 }), node)).toEqual([
      "turris replay: expected one 401 and 2 token requests (1 + 1 after the 401), the emulator counted 1 and 3",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import type { RowReport } from "./expectations.ts";
import { formatReadmeTable, phaseCell, type RowResult } from "./report-table.ts";
import { RUNTIME_ROWS } from "./runtimes.ts";

const row = RUNTIME_ROWS[0] as (typeof RUNTIME_ROWS)[number];
const report: RowReport = {
  sequential: { sent: 3, ok: 1, tokenRequests: 1, errors: ["x"] },
  replay: { dollr: { status: 200, method: "POST", bodyIntact: true, tokenRequests: 2, unauthorized: 1 } },
  concurrentCold: { sent: 10, ok: 10, tokenRequests: 1, errors: [] },
  aborted: { abortedDuringTokenFetch: true, tokenRequests: 1 },
  afterAbort: { sent: 3, ok: 3, tokenRequests: 0, errors: [] },
};

describe("the matrix tables", () => {
  it("shows requests ok / sent and token requests per phase", () => {
    expect(phaseCell(report.sequential)).toBe("1/3 ok, 1 token request");
    expect(phaseCell(report.afterAbort)).toBe("3/3 ok, 0 token requests");
  });

  it("writes one README line per row, with a failing row marked FAIL and a row whose server never started", () => {
    const results: RowResult[] = [
      { row, version: "20.20.2", wallMs: 1, report, failures: ["(a)"], outputs: [] },
      { row, version: "20.20.2", wallMs: 1, report: undefined, failures: ["exited"], outputs: [] },
    ];
    expect(formatReadmeTable(results).split("\n").slice(2)).toEqual([
      "| Node 20 http.createServer, ESM (`import`) | 20.20.2 | 1/3 ok, 1 token request | 10/10 ok, 1 token request | closed while held, 1 token request | 3/3 ok, 0 token requests | 1/1 replayed with body | FAIL |",
      "| Node 20 http.createServer, ESM (`import`) | 20.20.2 | did not start | - | - | - | - | FAIL |",
    ]);
  });
});

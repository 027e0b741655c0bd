/**
 * Renders the matrix results: a console table and the README's "Supported runtimes" table, one line
 * per row with requests ok / sent and token requests per phase.
 */
import type { PhaseResult, RowReport } from "./expectations.ts";
import type { RuntimeRow } from "./runtimes.ts";

/** One row's outcome. */
export interface RowResult {
  row: RuntimeRow;
  version: string;
  wallMs: number;
  /** Undefined when a server instance did not start. */
  report: RowReport | undefined;
  failures: string[];
  /** What the row's server instances printed. */
  outputs: string[];
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** `3/3 ok, 1 token request`. */
export function phaseCell(result: PhaseResult): string {
  return `${result.ok}/${result.sent} ok, ${plural(result.tokenRequests, "token request")}`;
}

/** The cells of one row, after the label: (a), (b), (c), (d), replay, result. */
export function resultCells(result: RowResult): string[] {
  const verdict = result.failures.length === 0 ? "pass" : "FAIL";
  const { report } = result;
  if (report === undefined) return ["did not start", "-", "-", "-", "-", verdict];
  const replays = Object.values(report.replay);
  const replayed = replays.filter((r) => r.status === 200 && r.method === "POST" && r.bodyIntact).length;
  return [
    phaseCell(report.sequential),
    phaseCell(report.concurrentCold),
    `${report.aborted.abortedDuringTokenFetch ? "closed while held" : "NOT closed while held"}, ${plural(report.aborted.tokenRequests, "token request")}`,
    phaseCell(report.afterAbort),
    `${replayed}/${replays.length} replayed with body`,
    verdict,
  ];
}

const HEADER = [
  "(a) 3 sequential",
  "(b) 10 concurrent, cold",
  "(c) aborted mid-token-fetch",
  "(d) 3 after (c)",
  "401 replay",
  "result",
];

/** A fixed-width table for the console. */
export function formatConsoleTable(results: readonly RowResult[]): string {
  const header = ["row", "version", ...HEADER, "wall"];
  const rows = results.map((r) => [r.row.id, r.version, ...resultCells(r), `${(r.wallMs / 1000).toFixed(1)} s`]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The README's Markdown table. */
export function formatReadmeTable(results: readonly RowResult[]): string {
  const header = ["runtime", "version", ...HEADER];
  const rows = results.map((r) => [r.row.label, r.version, ...resultCells(r)]);
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

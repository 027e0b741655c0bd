/**
 * What each runtime row must show, and the judge that compares a row's measured report with it.
 * Pure: no I/O, so the rules are unit-tested (expectations.test.ts).
 *
 * The phases (scripts/lib/runtimes/phases.ts runs them; each instance is a fresh server process, so
 * a fresh isolate in workerd, against a reset emulator):
 * - instance 1: (a) `sequential`, 3 requests one after another; then `replay`, per provider a 401
 *   after the emulator revokes the token, replayed with its POST body.
 * - instance 2: (b) `concurrentCold`, 10 concurrent requests as the very first requests of the
 *   instance (nothing cached).
 * - instance 3: (c) `aborted`, the instance's first request, whose connection the caller closes
 *   while the emulator holds the token response; then (d) `afterAbort`, 3 sequential requests.
 */
import type { RuntimeRow } from "./runtimes.ts";

/** Requests sent in one phase and what came back. */
export interface PhaseResult {
  sent: number;
  ok: number;
  /** Token requests the emulator counted during the phase (all providers). */
  tokenRequests: number;
  /** The distinct errors of the failed requests (at most a few). */
  errors: string[];
}

/** Phase (c): one request aborted while its token request is held by the emulator. */
export interface AbortResult {
  /** The emulator had received the token request, and not yet answered it, when the connection was closed. */
  abortedDuringTokenFetch: boolean;
  /** Token requests the emulator counted for the phase (the held one, once answered). */
  tokenRequests: number;
}

/** The 401 replay of one provider (instance 1, after the sequential phase). */
export interface ReplayResult {
  status: number;
  method: string | null;
  bodyIntact: boolean;
  /** The provider's token requests in instance 1 and 401s, as the emulator counted them. */
  tokenRequests: number;
  unauthorized: number;
}

/** Everything one row measured. */
export interface RowReport {
  sequential: PhaseResult;
  replay: Record<string, ReplayResult>;
  concurrentCold: PhaseResult;
  aborted: AbortResult;
  afterAbort: PhaseResult;
}

/** What a row must show besides "every request of (a), (b), (d) and the replays succeeded". */
export interface RowExpectations {
  /** Token requests of (a): the first request fetches, the other two use the cached token. */
  sequentialTokenRequests: number;
  /** Token requests of (b), 10 concurrent cold requests in one process / isolate. */
  concurrentColdTokenRequests: number;
  /** At most this many token requests in (d), after the held one of (c) was answered. */
  afterAbortTokenRequestsMax: number;
}

/** The number of requests in each phase. */
export const PHASE_SIZES = { sequential: 3, concurrentCold: 10, afterAbort: 3 } as const;

/**
 * The expectations of `row`. Every runtime shares one in-memory token per process or isolate, so 10
 * concurrent cold requests cost exactly 1 token request everywhere (workerd included: waiters read
 * the shared value, they do not await the fetching request's I/O). After the aborted request:
 * Node, Deno, Bun and the Edge Runtime do not cancel a handler's outgoing fetch when its client
 * disconnects, so the held token lands in the cache and (d) costs 0; workerd cancels the aborted
 * request's I/O, so if that request owned the fetch, the first request of (d) fetches again: 1.
 */
export function expectationsFor(row: Pick<RuntimeRow, "server">): RowExpectations {
  return {
    sequentialTokenRequests: 1,
    concurrentColdTokenRequests: 1,
    afterAbortTokenRequestsMax: row.server === "workerd" ? 1 : 0,
  };
}

/** Every way `report` falls short of `expected`, one sentence each; empty when the row passes. */
export function evaluateRow(report: RowReport, expected: RowExpectations): string[] {
  const failures: string[] = [];
  const phase = (name: string, result: PhaseResult, size: number, tokens: { exactly?: number; max?: number }) => {
    if (result.sent !== size) failures.push(`${name}: sent ${result.sent} requests, expected ${size}`);
    if (result.ok !== result.sent) {
      const why = result.errors.length > 0 ? ` (${result.errors.join("; ")})` : "";
      failures.push(`${name}: ${result.sent - result.ok} of ${result.sent} requests failed${why}`);
    }
    if (tokens.exactly !== undefined && result.tokenRequests !== tokens.exactly) {
      failures.push(`${name}: ${result.tokenRequests} token requests, expected ${tokens.exactly}`);
    }
    if (tokens.max !== undefined && result.tokenRequests > tokens.max) {
      failures.push(`${name}: ${result.tokenRequests} token requests, expected at most ${tokens.max}`);
    }
  };
  phase("(a) sequential", report.sequential, PHASE_SIZES.sequential, { exactly: expected.sequentialTokenRequests });
  phase("(b) 10 concurrent cold", report.concurrentCold, PHASE_SIZES.concurrentCold, {
    exactly: expected.concurrentColdTokenRequests,
  });
  if (!report.aborted.abortedDuringTokenFetch) {
    failures.push("(c) aborted: the connection was not closed while the emulator held the token request");
  }
  phase("(d) after the abort", report.afterAbort, PHASE_SIZES.afterAbort, { max: expected.afterAbortTokenRequestsMax });
  for (const [provider, replay] of Object.entries(report.replay)) failures.push(...replayFailures(provider, replay));
  return failures;
}

function replayFailures(provider: string, replay: ReplayResult): string[] {
  const failures: string[] = [];
  if (replay.status !== 200)
    failures.push(`${provider} replay: the POST after the revocation answered ${replay.status}`);
  else if (replay.method !== "POST" || !replay.bodyIntact) failures.push(`${provider} replay: lost its method or body`);
  if (replay.unauthorized !== 1 || replay.tokenRequests !== 2) {
    failures.push(
      `${provider} replay: expected one 401 and 2 token requests (1 + 1 after the 401), the emulator counted ${replay.unauthorized} and ${replay.tokenRequests}`,
    );
  }
  return failures;
}

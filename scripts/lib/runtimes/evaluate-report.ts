/**
 * Judges one runtime's probe report against the emulator's own counters: every concurrent call
 * succeeded, they cost exactly one token request per provider, and the 401 after the revocation was
 * replayed once, with its POST body intact, at the cost of exactly one more token request.
 */
import type { MockStats } from "../../../packages/auth-core/src/testing/mock-authority.ts";

/** What the probe (probe/checks.mjs) reports for one provider. */
export interface ProviderReport {
  calls: number;
  okCalls: number;
  tokenRequestsAfterCalls: number;
  replay: { status: number; method: string | null; bodyIntact: boolean };
  tokenRequests: number;
  unauthorized: number;
}

/** The probe's whole report. */
export interface ProbeReport {
  durationMs: number;
  providers: Record<string, ProviderReport>;
}

/** The number of concurrent calls the probe must make per provider. */
export const EXPECTED_CALLS = 20;

/** Every way `report` falls short, one sentence each; empty when the row passes. */
export function evaluateReport(
  report: ProbeReport,
  emulator: Readonly<Record<string, Pick<MockStats, "tokenRequests" | "unauthorized">>>,
  providers: readonly string[],
): string[] {
  const failures: string[] = [];
  for (const provider of providers) {
    const got = report.providers[provider];
    const counted = emulator[provider];
    if (!got || !counted) {
      failures.push(`${provider}: no report`);
      continue;
    }
    const fail = (message: string) => failures.push(`${provider}: ${message}`);
    if (got.calls !== EXPECTED_CALLS) fail(`made ${got.calls} concurrent calls, expected ${EXPECTED_CALLS}`);
    if (got.okCalls !== got.calls) fail(`${got.calls - got.okCalls} of ${got.calls} concurrent calls failed`);
    if (got.tokenRequestsAfterCalls !== 1) {
      fail(`${EXPECTED_CALLS} concurrent calls cost ${got.tokenRequestsAfterCalls} token requests, expected 1`);
    }
    if (got.replay.status !== 200) fail(`the POST after the revocation answered ${got.replay.status}, expected 200`);
    if (got.replay.method !== "POST" || !got.replay.bodyIntact) fail("the replayed POST lost its method or body");
    if (got.unauthorized !== 1 || counted.unauthorized !== 1) {
      fail(`expected exactly one 401 (the revoked token), the emulator counted ${counted.unauthorized}`);
    }
    if (got.tokenRequests !== 2 || counted.tokenRequests !== 2) {
      fail(`expected 2 token requests in all (1 + 1 after the 401), the emulator counted ${counted.tokenRequests}`);
    }
  }
  return failures;
}

/**
 * Runs one row's phases (see expectations.ts) against fresh server instances and the shared
 * emulator, and measures what the emulator saw. Every instance is started here and stopped before
 * the next one starts.
 */
import type { Emulator } from "../emulator/server.ts";
import type { AbortResult, PhaseResult, ReplayResult, RowReport } from "./expectations.ts";
import { PHASE_SIZES } from "./expectations.ts";
import { type CallOutcome, call, startCall } from "./http-call.ts";

/** A server instance under test. */
export interface RunningServer {
  /** Origin, e.g. http://127.0.0.1:8123. */
  readonly url: string;
  /** What the server process printed so far. */
  output(): string;
  stop(): Promise<void>;
}

/** How long one request may take (workerd may wait out a dead request's lease). */
const CALL_TIMEOUT_MS = 30_000;
/** How long the emulator holds the token response in phase (c). */
const HELD_TOKEN_MS = 1_500;
/** The provider of phases (a) to (d). */
const PROVIDER = "dollr";

/** A row's measurements and what each of its server instances printed. */
export interface PhasesRun {
  report: RowReport;
  /** The output of instance 1, 2 and 3 (workerd logs a Worker's uncaught errors there). */
  outputs: string[];
}

/** Starts three fresh instances in turn and measures phases (a)+replay, (b), (c)+(d). */
export async function runPhases(start: () => Promise<RunningServer>, emulator: Emulator): Promise<PhasesRun> {
  const outputs: string[] = [];
  const first = await withInstance(start, emulator, outputs, async (server) => {
    const sequential = await sequentialPhase(server, emulator, PHASE_SIZES.sequential);
    return { sequential, replay: await replayPhase(server, emulator) };
  });
  const concurrentCold = await withInstance(start, emulator, outputs, (server) => concurrentPhase(server, emulator));
  const last = await withInstance(start, emulator, outputs, async (server) => {
    const aborted = await abortPhase(server, emulator);
    return { aborted, afterAbort: await sequentialPhase(server, emulator, PHASE_SIZES.afterAbort) };
  });
  return { report: { ...first, concurrentCold, ...last }, outputs };
}

async function withInstance<T>(
  start: () => Promise<RunningServer>,
  emulator: Emulator,
  outputs: string[],
  body: (server: RunningServer) => Promise<T>,
): Promise<T> {
  emulator.reset();
  emulator.configure({ tokenLatencyMs: 0 });
  const server = await start();
  try {
    return await body(server);
  } finally {
    await server.stop();
    outputs.push(server.output());
  }
}

const totalTokenRequests = (emulator: Emulator): number =>
  Object.values(emulator.stats()).reduce((sum, stats) => sum + stats.tokenRequests, 0);

const callUrl = (server: RunningServer, n: number | string, provider = PROVIDER): string =>
  `${server.url}/call?provider=${provider}&n=${n}`;

function outcomeError(outcome: CallOutcome): string | undefined {
  if (outcome.error !== undefined) return outcome.error;
  if (outcome.status === 200) return undefined;
  const body = outcome.body.length > 400 ? `${outcome.body.slice(0, 200)} … ${outcome.body.slice(-200)}` : outcome.body;
  return `HTTP ${outcome.status}: ${body}`;
}

function phaseResult(outcomes: readonly CallOutcome[], tokenRequests: number): PhaseResult {
  const errors = outcomes.map(outcomeError).filter((e): e is string => e !== undefined);
  return {
    sent: outcomes.length,
    ok: outcomes.length - errors.length,
    tokenRequests,
    errors: [...new Set(errors)].slice(0, 3),
  };
}

async function sequentialPhase(server: RunningServer, emulator: Emulator, count: number): Promise<PhaseResult> {
  const before = totalTokenRequests(emulator);
  const outcomes: CallOutcome[] = [];
  for (let n = 0; n < count; n++) outcomes.push(await call(callUrl(server, n), { timeoutMs: CALL_TIMEOUT_MS }));
  return phaseResult(outcomes, totalTokenRequests(emulator) - before);
}

async function concurrentPhase(server: RunningServer, emulator: Emulator): Promise<PhaseResult> {
  const outcomes = await Promise.all(
    Array.from({ length: PHASE_SIZES.concurrentCold }, (_, n) =>
      call(callUrl(server, n), { timeoutMs: CALL_TIMEOUT_MS }),
    ),
  );
  return phaseResult(outcomes, totalTokenRequests(emulator));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** (c): the instance's first request; its connection is closed while the emulator holds the token. */
async function abortPhase(server: RunningServer, emulator: Emulator): Promise<AbortResult> {
  emulator.configure({ provider: PROVIDER, tokenLatencyMs: HELD_TOKEN_MS });
  const pending = startCall(callUrl(server, "aborted"), { timeoutMs: CALL_TIMEOUT_MS });
  let finished = false;
  void pending.done.then(() => {
    finished = true;
  });
  const seen = await waitFor(() => finished || emulator.statsOf(PROVIDER).tokenRequestsReceived > 0, CALL_TIMEOUT_MS);
  const held = seen && !finished && emulator.statsOf(PROVIDER).tokenRequests === 0;
  pending.abort();
  await pending.done;
  emulator.configure({ provider: PROVIDER, tokenLatencyMs: 0 });
  // Let the held response go out, so (d) starts with the fetch settled either way.
  await waitFor(() => {
    const stats = emulator.statsOf(PROVIDER);
    return stats.tokenRequests >= stats.tokenRequestsReceived;
  }, HELD_TOKEN_MS * 4);
  return { abortedDuringTokenFetch: held, tokenRequests: totalTokenRequests(emulator) };
}

/** Per provider: a call (token cached), the emulator revokes it, one POST must be replayed after the 401. */
async function replayPhase(server: RunningServer, emulator: Emulator): Promise<Record<string, ReplayResult>> {
  const results: Record<string, ReplayResult> = {};
  for (const provider of emulator.providers) {
    await call(callUrl(server, "warm", provider), { timeoutMs: CALL_TIMEOUT_MS });
    emulator.configure({ provider, revokeTokens: true });
    const outcome = await call(`${server.url}/replay?provider=${provider}`, {
      method: "POST",
      timeoutMs: CALL_TIMEOUT_MS,
    });
    const echoed = parseReplay(outcome);
    const stats = emulator.statsOf(provider);
    results[provider] = { ...echoed, tokenRequests: stats.tokenRequests, unauthorized: stats.unauthorized };
  }
  return results;
}

function parseReplay(outcome: CallOutcome): Pick<ReplayResult, "status" | "method" | "bodyIntact"> {
  try {
    const body = JSON.parse(outcome.body) as { status?: number; method?: string | null; bodyIntact?: boolean };
    return {
      status: body.status ?? outcome.status ?? 0,
      method: body.method ?? null,
      bodyIntact: body.bodyIntact === true,
    };
  } catch {
    return { status: outcome.status ?? 0, method: null, bodyIntact: false };
  }
}

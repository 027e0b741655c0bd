/** The data of one benchmark run, as written to results.json and rendered into RESULTS.md. */
import type { MachineFacts } from "../harness/machine.js";
import type { ClientCostResult } from "../suites/auth/client-cost.js";
import type { OverheadResult } from "../suites/auth/overhead.js";
import type { ProvidersResult } from "../suites/auth/providers.js";
import type { RefreshResult } from "../suites/auth/refresh.js";
import type { StampedeResult } from "../suites/auth/stampede.js";
import type { StormResult } from "../suites/auth/storm.js";
import type { FleetResult } from "../suites/fleet/fleet.js";
import type { FootprintResult } from "../suites/footprint/footprint-suite.js";
import type { GenerationResult } from "../suites/generation/generation-suite.js";
import type { TelemetryCostResult } from "../suites/observability/telemetry-cost.js";
import type { ResilienceResult } from "../suites/resilience/flaky.js";
import type { OutageResult } from "../suites/resilience/outage.js";
import type { ResponseChecksResult } from "../suites/validation/response-checks.js";

/** A suite that did not produce numbers, and why. */
export interface Skipped {
  skipped: string;
}

/** Everything one `pnpm bench` run measured. */
export interface RunResults {
  mode: "full" | "smoke";
  command: string;
  machine: MachineFacts;
  totalMs: number;
  /** 1-minute load average when the run ended. */
  loadAverageAtEnd: number;
  overhead: OverheadResult | Skipped;
  cost: ClientCostResult | Skipped;
  stampede: StampedeResult | Skipped;
  providers: ProvidersResult | Skipped;
  refresh: RefreshResult | Skipped;
  storm: StormResult | Skipped;
  generation: GenerationResult[] | Skipped;
  footprint: FootprintResult | Skipped;
  fleet: FleetResult | Skipped;
  /** Benchmark 6 (issue 15); absent in results of runs made before it existed. */
  resilience?: ResilienceResult | Skipped;
  /**
   * Suites measured again after the full run by `pnpm bench --only …` (their figures replaced the full
   * run's); RESULTS.md says which, when and with what command.
   */
  reruns?: {
    suites: string[];
    command: string;
    date: string;
    totalMs: number;
    /** 1-minute load average when that run started and ended. */
    loadAverage: [number, number];
  }[];
  /** Benchmark 9 (issue 22); absent in results of runs made before it existed. */
  outage?: OutageResult | Skipped;
  /** Benchmark 9: the opt-in response checks (absent in runs before it existed). */
  checks?: ResponseChecksResult | Skipped;
  /** Benchmark 1c (issue 23); absent in results of runs made before it existed. */
  telemetry?: TelemetryCostResult | Skipped;
}

/** True when a suite was skipped or failed instead of measuring. */
export function isSkipped(value: unknown): value is Skipped {
  return typeof value === "object" && value !== null && "skipped" in value;
}

/** A rule of what reads like a failure in a test log. */
export interface NoiseRule {
  name: string;
  pattern: RegExp;
}
/** What counts as noise, each with the name a report gives it. */
export declare const NOISE_RULES: readonly NoiseRule[];
/** A failure-looking line of a green run's log. */
export interface NoiseLine {
  /** 1-based line number in the log. */
  line: number;
  text: string;
  /** The name of the rule it matched. */
  rule: string;
}
/**
 * Failure-looking lines of a `pnpm test` log; `[]` when the log is not of a green run (no vitest
 * summary, or a failed test).
 */
export declare function findNoise(text: string): NoiseLine[];

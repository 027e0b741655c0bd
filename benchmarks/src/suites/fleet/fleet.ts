/** The fleet figure: runs the Redis token store's own fleet benchmark script, when the package ships one. */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../harness/paths.js";
import { runProcess } from "../../harness/processes.js";

/** What the fleet script reported. */
export interface FleetResult {
  script: string;
  wallMs: number;
  /** The script's last JSON line, if it printed one. */
  data?: unknown;
  /** The script's output (tail), shown verbatim in RESULTS.md. */
  output: string;
}

/** Where the Redis helper's fleet benchmark may live. */
export const FLEET_SCRIPT_CANDIDATES = [
  "packages/token-store-redis/bench/fleet.ts",
  "packages/token-store-redis/bench/fleet.mts",
  "packages/token-store-redis/scripts/fleet.ts",
];

/** Finds the fleet script, or undefined when no candidate exists. */
export function findFleetScript(root = repoRoot): string | undefined {
  return FLEET_SCRIPT_CANDIDATES.map((candidate) => join(root, candidate)).find((path) => existsSync(path));
}

/** Parses the last line of `output` that is a JSON object, if any. */
export function lastJsonLine(output: string): unknown {
  const lines = output.trim().split("\n").reverse();
  for (const line of lines) {
    const text = line.trim();
    if (!text.startsWith("{")) continue;
    try {
      return JSON.parse(text);
    } catch {
      // not JSON; keep looking
    }
  }
  return undefined;
}

/** Runs the fleet script with tsx (extra args, e.g. a smaller fleet in smoke mode). */
export async function runFleetScript(script: string, args: string[]): Promise<FleetResult> {
  const run = await runProcess(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: join(script, "..", ".."),
  });
  const output = `${run.stdout}${run.stderr}`.trim();
  const data = lastJsonLine(run.stdout);
  return {
    script: relative(repoRoot, script),
    wallMs: run.wallMs,
    ...(data === undefined ? {} : { data }),
    output: output.split("\n").slice(-40).join("\n"),
  };
}

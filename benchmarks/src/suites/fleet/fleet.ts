/** The fleet figure: runs the Redis token store's own fleet benchmark script, when the package ships one. */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../harness/paths.js";
import { runProcess } from "../../harness/processes.js";

/** What the fleet script reported. */
export interface FleetResult {
  script: string;
  wallMs: number;
  /** The script's JSON report, if it printed one. */
  data?: unknown;
  /** The scenarios of the report, when it has the documented shape. */
  scenarios?: FleetScenario[];
  /** The script's output (tail), shown verbatim in RESULTS.md. */
  output: string;
}

/** One scenario of the fleet script's report (token requests of N processes with or without the shared store). */
export interface FleetScenario {
  name: string;
  processes: number;
  sharedStore: boolean;
  coldStartTokenRequests: number;
  tokenRequests: number;
  tokenRequestsPerLifetime: number;
  calls: number;
  failedCalls: number;
}

/** The scenarios of a fleet report, or undefined when it does not have that shape. */
export function fleetScenarios(data: unknown): FleetScenario[] | undefined {
  if (typeof data !== "object" || data === null || !("scenarios" in data) || !Array.isArray(data.scenarios)) {
    return undefined;
  }
  const keys = [
    "processes",
    "coldStartTokenRequests",
    "tokenRequests",
    "tokenRequestsPerLifetime",
    "calls",
    "failedCalls",
  ];
  const ok = data.scenarios.every(
    (s: unknown) =>
      typeof s === "object" &&
      s !== null &&
      typeof (s as { name?: unknown }).name === "string" &&
      keys.every((k) => typeof (s as Record<string, unknown>)[k] === "number"),
  );
  return ok ? (data.scenarios as FleetScenario[]) : undefined;
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

/** Parses `output` as one JSON document, else its last line that is a JSON object; undefined if neither. */
export function lastJsonLine(output: string): unknown {
  try {
    return JSON.parse(output);
  } catch {
    // not one document; look for a JSON line
  }
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
    cwd: repoRoot,
  });
  const output = `${run.stdout}${run.stderr}`.trim();
  const data = lastJsonLine(run.stdout.trim());
  const scenarios = fleetScenarios(data);
  return {
    script: relative(repoRoot, script),
    wallMs: run.wallMs,
    ...(data === undefined ? {} : { data }),
    ...(scenarios ? { scenarios } : {}),
    output: output.split("\n").slice(-40).join("\n"),
  };
}

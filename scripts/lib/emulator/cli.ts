/**
 * Runs the provider emulator as its own process (benchmarks, multi-process token-store runs).
 *
 *   tsx scripts/lib/emulator/cli.ts [--port 0] [--host 127.0.0.1] [--token-lifetime-seconds 3600]
 *     [--token-latency-ms 0] [--api-latency-ms 0] [--turris-rate-limit 10] [--rate-limit-window-ms 60000]
 *     [--fail-token-requests 0] [--fail-status 503]
 *
 * Prints one JSON line on stdout once listening: {"port":…,"url":…,"baseUrls":{"dollr":…,…}}.
 * Counters: GET <url>/__emulator/stats. Knobs: POST <url>/__emulator/config, POST <url>/__emulator/reset.
 * `--turris-rate-limit 0` turns Turris' 10-per-minute token limit off. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./server.ts";

function numberFlag(values: Record<string, string | boolean | undefined>, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== "string" || !Number.isFinite(value) || value < 0) {
    throw new Error(`--${name} must be a non-negative number`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "token-lifetime-seconds": { type: "string" },
      "token-latency-ms": { type: "string" },
      "api-latency-ms": { type: "string" },
      "turris-rate-limit": { type: "string" },
      "rate-limit-window-ms": { type: "string" },
      "fail-token-requests": { type: "string" },
      "fail-status": { type: "string" },
    },
  });
  const turrisLimit = numberFlag(values, "turris-rate-limit", 10);
  const windowMs = numberFlag(values, "rate-limit-window-ms", 60_000);
  const emulator = await startEmulator({
    host: values.host ?? "127.0.0.1",
    port: numberFlag(values, "port", 0),
    tokenLifetimeSeconds: numberFlag(values, "token-lifetime-seconds", 3600),
    tokenLatencyMs: numberFlag(values, "token-latency-ms", 0),
    apiLatencyMs: numberFlag(values, "api-latency-ms", 0),
    rateLimit: { turris: turrisLimit > 0 ? { limit: turrisLimit, windowMs } : false },
  });
  const failures = numberFlag(values, "fail-token-requests", 0);
  if (failures > 0) {
    emulator.configure({ failNextTokenRequests: { count: failures, status: numberFlag(values, "fail-status", 503) } });
  }
  process.stdout.write(
    `${JSON.stringify({ port: emulator.port, url: emulator.url, baseUrls: emulator.baseUrls, pid: process.pid })}\n`,
  );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * Runs the probe on one runtime row against an emulator URL and returns its parsed report: a child
 * process for Node, Deno and Bun, and for workerd a `workerd serve` on a free loopback port that is
 * asked for the report over HTTP and stopped afterwards.
 */
import { writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { collectOutput, exec, killGroup, spawnDetached } from "../../release/exec.ts";
import { freePort } from "../../release/verdaccio.ts";
import { bundleWorker } from "./consumer-app.ts";
import type { ProbeReport } from "./evaluate-report.ts";
import type { ProbeKind } from "./runtimes.ts";
import { workerdConfig } from "./workerd-config.ts";

const PROBE_TIMEOUT_MS = 90_000;

/** The command line that runs the probe for `kind` (all but workerd). */
export function probeCommand(kind: Exclude<ProbeKind, "workerd">, emulatorUrl: string): string[] {
  switch (kind) {
    case "node-esm":
      return ["esm.mjs", emulatorUrl];
    case "node-cjs":
      return ["cjs.cjs", emulatorUrl];
    case "deno":
      return ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "esm.mjs", emulatorUrl];
    case "bun":
      return ["run", "esm.mjs", emulatorUrl];
  }
}

/** Runs the probe and parses the JSON report it ends with. */
export async function runProbe(
  kind: ProbeKind,
  bin: string,
  appDir: string,
  emulatorUrl: string,
  scratch: string,
): Promise<ProbeReport> {
  if (kind === "workerd") return runWorkerdProbe(bin, appDir, emulatorUrl);
  const env = {
    ...process.env,
    DENO_DIR: join(scratch, "deno-dir"),
    DENO_NO_UPDATE_CHECK: "1",
    BUN_INSTALL_CACHE_DIR: join(scratch, "bun-cache"),
    NO_COLOR: "1",
  };
  const { stdout } = await exec(bin, probeCommand(kind, emulatorUrl), {
    cwd: appDir,
    env,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  return parseReport(stdout);
}

/** Parses the last non-empty line of the probe's output as its report. */
export function parseReport(output: string): ProbeReport {
  const line = output.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as ProbeReport;
  } catch {
    throw new Error(`the probe printed no JSON report; its output ended with: ${output.slice(-2000)}`);
  }
}

async function runWorkerdProbe(bin: string, appDir: string, emulatorUrl: string): Promise<ProbeReport> {
  const bundle = await bundleWorker(appDir);
  const port = await freePort();
  const config = join(appDir, "workerd.capnp");
  writeFileSync(config, workerdConfig(basename(bundle), port));
  const child = spawnDetached(bin, ["serve", config], { cwd: appDir });
  const output = collectOutput(child);
  try {
    const deadline = Date.now() + PROBE_TIMEOUT_MS;
    const url = `http://127.0.0.1:${port}/?emulator=${encodeURIComponent(emulatorUrl)}`;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`workerd exited with code ${child.exitCode}:\n${output().slice(-2000)}`);
      let response: Response | undefined;
      try {
        response = await fetch(url, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) });
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`workerd did not answer in time:\n${output().slice(-2000)}`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const text = await response.text();
      if (!response.ok) throw new Error(`the worker answered ${response.status}: ${text}\n${output().slice(-2000)}`);
      return parseReport(text);
    }
  } finally {
    killGroup(child);
  }
}

import { type ChildProcess, spawn } from "node:child_process";

/** Options for one command run by the release scripts. */
export interface ExecOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command (its whole process group) after this long. Default 5 minutes. */
  timeoutMs?: number;
  /** Echo the command's output as it runs, prefixed by this label. */
  echo?: string;
}

/** What a finished command printed. */
export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** A command exited non-zero, timed out or could not start; carries the tail of its output. */
export class CommandFailedError extends Error {
  override name = "CommandFailedError";
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
    reason: string,
  ) {
    super(`\`${command}\` ${reason}\n--- last output ---\n${output.slice(-4000)}`);
  }
}

const started = new Set<ChildProcess>();

/** Sends a signal to a child's whole process group (it was spawned detached), ignoring ones already gone. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Kills every process group this module started that is still running (used on exit and on signals). */
export function killAllStarted(): void {
  for (const child of started) killGroup(child, "SIGKILL");
}

/** Spawns a long-running process in its own process group; the caller stops it with killGroup. */
export function spawnDetached(command: string, args: readonly string[], options: ExecOptions): ChildProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  child.on("exit", () => started.delete(child));
  return child;
}

/** Collects a spawned child's stdout and stderr as they arrive; the returned function reads them so far. */
export function collectOutput(child: ChildProcess): () => string {
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString("utf8");
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return () => output;
}

/** Runs a command to completion, capturing output; rejects with CommandFailedError on failure or timeout. */
export function exec(command: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const display = [command, ...args].join(" ");
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return new Promise((resolve, reject) => {
    const child = spawnDetached(command, args, options);
    let stdout = "";
    let stderr = "";
    let combined = "";
    const onData = (which: "out" | "err") => (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      if (which === "out") stdout += text;
      else stderr += text;
      combined += text;
      if (options.echo !== undefined) {
        for (const line of text.split("\n"))
          if (line.trim() !== "") process.stdout.write(`    ${options.echo}| ${line}\n`);
      }
    };
    child.stdout?.on("data", onData("out"));
    child.stderr?.on("data", onData("err"));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, "SIGKILL");
    }, timeoutMs);
    timer.unref();
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new CommandFailedError(display, null, combined, `could not start: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      if (timedOut) reject(new CommandFailedError(display, code, combined, `timed out after ${timeoutMs} ms`));
      else if (code !== 0) reject(new CommandFailedError(display, code, combined, `exited with code ${code}`));
      else resolve({ stdout, stderr });
    });
  });
}

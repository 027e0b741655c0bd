import { spawn } from "node:child_process";

/** Output and wall time of a finished child process. */
export interface ProcessRun {
  wallMs: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, timing its wall clock; rejects with the stderr tail on a non-zero exit. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv } = { cwd: process.cwd() },
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", reject);
    child.once("close", (code) => {
      const wallMs = performance.now() - started;
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) resolve({ wallMs, stdout, stderr });
      else reject(new Error(`${command} ${args.join(" ")} exited with ${code}: ${(stderr || stdout).slice(-800)}`));
    });
  });
}

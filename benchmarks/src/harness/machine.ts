import { cpus, loadavg, platform, release, totalmem } from "node:os";

/** Facts about the machine a run happened on, printed at the top of RESULTS.md. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
  /** 1-minute load average when the run started (other work on the machine disturbs wall-clock figures). */
  loadAverage: number;
}

/** Reads CPU model, core count, memory, OS and Node version. */
export function machineFacts(now = new Date()): MachineFacts {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    date: now.toISOString(),
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

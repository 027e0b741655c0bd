import { cpus, platform, release, totalmem } from "node:os";

/** Facts about the machine a run happened on, printed at the top of RESULTS.md. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  date: string;
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
  };
}

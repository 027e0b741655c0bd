import { describe, expect, it } from "vitest";
import { runProcess } from "./processes.js";

describe("runProcess", () => {
  it("returns stdout and a positive wall time", async () => {
    const run = await runProcess(process.execPath, ["-e", "process.stdout.write('hi')"], { cwd: process.cwd() });
    expect(run.stdout).toBe("hi");
    expect(run.wallMs).toBeGreaterThan(0);
  });

  it("rejects with the stderr of a failing command", async () => {
    await expect(
      runProcess(process.execPath, ["-e", "console.error('boom'); process.exit(3)"], { cwd: process.cwd() }),
    ).rejects.toThrow(/exited with 3: boom/);
  });
});

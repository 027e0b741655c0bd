import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// A tiny repository whose package's `test` script records its pid and then waits forever: the
// driver runs the checks in a child process, which the test interrupts while the script runs.
const disposables: string[] = [];
afterEach(() => {
  for (const dir of disposables.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tinyRepo(): { root: string; temp: string; marker: string; driver: string } {
  const base = mkdtempSync(join(tmpdir(), "scope-interrupt-"));
  disposables.push(base);
  const root = join(base, "repo");
  const temp = join(base, "tmp");
  const marker = join(base, "script.pid");
  mkdirSync(join(root, "packages/slow/node_modules"), { recursive: true });
  mkdirSync(join(root, "specs"));
  mkdirSync(temp);
  const wait = `node -e "require('fs').writeFileSync(process.env.MARKER, String(process.pid)); setInterval(() => {}, 1000)"`;
  writeFileSync(
    join(root, "packages/slow/package.json"),
    JSON.stringify({ name: "slow", version: "0.0.0", scripts: { typecheck: "node -e 0", test: wait } }),
  );
  const driver = join(base, "driver.mts");
  const checks = join(import.meta.dirname, "package-checks.ts");
  writeFileSync(
    driver,
    [
      `import { runPackageChecks } from ${JSON.stringify(checks)};`,
      `await runPackageChecks({ root: ${JSON.stringify(root)}, packageDir: ${JSON.stringify(join(root, "packages/slow"))}, generated: [] });`,
    ].join("\n"),
  );
  return { root, temp, marker, driver };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("runPackageChecks on Ctrl-C", () => {
  it("deletes the scratch copy, stops the running script and ends by SIGINT", async () => {
    const { temp, marker, driver } = tinyRepo();
    const child = spawn(process.execPath, ["--import", "tsx", driver], {
      env: { ...process.env, TMPDIR: temp, MARKER: marker },
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    await until(() => existsSync(marker) && readFileSync(marker, "utf8") !== "", "the test script to start");
    expect(readdirSync(temp).filter((name) => name.startsWith("scope-pkg-check-"))).toHaveLength(1);
    const scriptPid = Number(readFileSync(marker, "utf8"));
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(readdirSync(temp).filter((name) => name.startsWith("scope-pkg-check-"))).toEqual([]);
    await until(() => !alive(scriptPid), "the test script to stop");
  }, 60_000);
});

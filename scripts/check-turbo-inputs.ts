/**
 * Proves turbo's wiring: (1) touching one provider's spec re-runs generation for that provider only;
 * (2) touching a provider's mock token endpoint (imported from source by the emulator every provider's
 * tests start) re-runs every provider's tests and the scripts' tests; (3) with nothing changed, a second
 * `generate` is a full cache hit.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { readRegistry, repoRoot } from "./lib/registry.ts";
import { generateTasksInvalidatedBySpec, testTasksInvalidatedByTestingSources, turboDryRun } from "./lib/turbo-dry.ts";

function main(): void {
  const registry = readRegistry();
  let failed = false;
  for (const [pkg, changed] of generateTasksInvalidatedBySpec(registry)) {
    const ok = changed.length === 1 && changed[0] === `${pkg}#generate`;
    failed ||= !ok;
    console.log(`${ok ? "ok  " : "FAIL"} touching ${pkg}'s spec re-runs: ${changed.join(", ") || "(nothing)"}`);
  }
  const expectedTests = [...registry.providers.map((entry) => `${entry.packageName}#test`), "@scope/scripts#test"];
  for (const [file, changed] of testTasksInvalidatedByTestingSources(registry)) {
    const missing = expectedTests.filter((task) => !changed.includes(task));
    failed ||= missing.length > 0;
    console.log(
      `${missing.length === 0 ? "ok  " : "FAIL"} touching ${file} re-runs: ${changed.join(", ") || "(nothing)"}` +
        (missing.length ? ` (still cache hits: ${missing.join(", ")})` : ""),
    );
  }
  execFileSync(join(repoRoot, "node_modules", ".bin", "turbo"), ["run", "generate", "--output-logs=none"], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  const tasks = turboDryRun("generate", repoRoot).filter((t) => t.hasCommand);
  const misses = tasks.filter((t) => t.cacheStatus !== "HIT");
  failed ||= misses.length > 0 || tasks.length !== registry.providers.length;
  console.log(
    `${misses.length === 0 ? "ok  " : "FAIL"} unchanged tree: ${tasks.length - misses.length}/${tasks.length} generate tasks are cache hits` +
      (misses.length ? ` (misses: ${misses.map((t) => t.taskId).join(", ")})` : ""),
  );
  if (failed) process.exitCode = 1;
}

main();

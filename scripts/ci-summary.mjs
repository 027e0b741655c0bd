// Sums vitest's per-package "Tests  N passed | M failed" lines from a turbo log into one closing line,
// and fails (exit 1) when a green run printed lines that read like a failure or a warning
// (scripts/lib/test-log/noise.mjs): a passing `pnpm test` prints none.
import { readFileSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";
import { findNoise } from "./lib/test-log/noise.mjs";

const text = stripVTControlCharacters(readFileSync(process.argv[2], "utf8"));
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split("\n")) {
  const match = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
  if (!match) continue;
  for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped)/g)) {
    if (kind === "passed") passed += Number(count);
    else if (kind === "failed") failed += Number(count);
    else skipped += Number(count);
  }
}
const noise = findNoise(text);
if (noise.length > 0) {
  console.log(
    `FAILED: the green test run printed ${noise.length} line(s) that read like a failure; ` +
      "assert on that output in the test instead of printing it:",
  );
  for (const { line, rule, text: shown } of noise.slice(0, 20)) console.log(`  log line ${line} (${rule}): ${shown}`);
  if (noise.length > 20) console.log(`  ... and ${noise.length - 20} more`);
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (noise.length > 0) process.exitCode = 1;

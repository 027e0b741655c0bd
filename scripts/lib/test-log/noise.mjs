// The lines of a `pnpm test` log (turbo's stream of every package's vitest output) that read like a
// failure or a warning. A green run prints none of them, so a real failure never hides among
// expected ones: tests assert on the output they provoke instead of printing it.

/** What counts as noise, each with the name a report gives it. */
export const NOISE_RULES = [
  { name: "output a test printed", pattern: /^(stdout|stderr) \| / },
  { name: "failure marker", pattern: /(^|\s)(FAIL|×|✘|✗)(\s|$)/ },
  { name: "TypeScript error", pattern: /\berror TS\d+\b/ },
  { name: "warning", pattern: /\bWARN(ING)?\b|\b[A-Z][A-Za-z]*Warning\b|(^|\s)Warning:/ },
  { name: "error", pattern: /(^|\s)(Uncaught |Unhandled )?([A-Z][A-Za-z]*)?Error( \[[A-Z_]+\])?: |^\s*error: / },
  { name: "stack frame", pattern: /^\s+at .+:\d+:\d+\)?$/ },
  { name: "client log line", pattern: /^\[[a-z0-9-]+\] [a-z]+_[a-z_]+ / },
];

/** turbo's `@scope/pkg:task: ` prefix. */
const TASK_PREFIX = /^(@[\w.-]+\/)?[\w.-]+:[\w:-]+: ?/;
/** vitest's line for a passing test or file (the names are ours and may say "error" or "FAIL"). */
const PASSED = /^\s*✓ /;
/** vitest's closing line of a file or package run: `Tests  N passed | M failed (T)`. */
const TESTS_LINE = /\bTests\s+(.*)\(\d+\)\s*$/;

/**
 * Failure-looking lines of a `pnpm test` log, with their 1-based line numbers; `[]` when the log is
 * not of a green run (no vitest summary, or a failed test: then the failures are the point).
 * @param {string} text the log, colour codes already stripped
 * @returns {{ line: number; text: string; rule: string }[]}
 */
export function findNoise(text) {
  const lines = text.split("\n");
  const summaries = lines.map((line) => TESTS_LINE.exec(line)).filter((match) => match !== null);
  if (summaries.length === 0 || summaries.some((match) => /\d+ failed/.test(match[1]))) return [];
  const noise = [];
  lines.forEach((raw, index) => {
    const line = raw.replace(TASK_PREFIX, "");
    if (PASSED.test(line)) return;
    const rule = NOISE_RULES.find((candidate) => candidate.pattern.test(line));
    if (rule) noise.push({ line: index + 1, text: raw, rule: rule.name });
  });
  return noise;
}

import { describe, expect, it } from "vitest";
import { findNoise } from "./noise.mjs";

/** A turbo log of a green run around `lines` (each package's vitest summary says all passed). */
function greenLog(...lines: string[]): string {
  return [
    "@scope/dollr:test: > vitest run --typecheck",
    "@scope/dollr:test: Testing types with tsc and vue-tsc is an experimental feature.",
    "@scope/dollr:test: Breaking changes might not follow SemVer, please pin Vitest's version when using it.",
    "@scope/dollr:test:  ✓ src/client.test.ts (48 tests) 10024ms",
    "@scope/dollr:test:      ✓ turns a documented error body into a TokenRequestError: 401 with a detail string  1017ms",
    "@scope/dollr:test:      ✓ prints FAIL and a warning when the consumer check fails  12ms",
    ...lines,
    "@scope/dollr:test: Type Errors  no errors",
    "@scope/dollr:test:  Test Files  11 passed (11)",
    "@scope/dollr:test:       Tests  310 passed (310)",
  ].join("\n");
}

describe("findNoise", () => {
  it("finds nothing in a quiet green run, whatever the passing tests are named", () => {
    expect(findNoise(greenLog())).toEqual([]);
  });

  // Each line a green run printed before the tests were made quiet (issue 24).
  const noisy: [string, string][] = [
    [
      "@scope/scripts:test:   FAIL consumer type-checks with moduleResolution nodenext -- `tsc` exited with code 2",
      "failure marker",
    ],
    [
      "@scope/scripts:test: consumer.mts(5,14): error TS2322: Type 'false' is not assignable to type 'true'.",
      "TypeScript error",
    ],
    [
      "@scope/auth-core:test: oidc-provider WARNING: Unsupported runtime. Use Node.js v22.x LTS, or a later LTS release.",
      "warning",
    ],
    [
      "@scope/auth-core:test: (node:30917) MaxListenersExceededWarning: Possible EventTarget memory leak detected.",
      "warning",
    ],
    ["@scope/x:test: (node:1) Warning: something deprecated", "warning"],
    [
      "@scope/dollr:test: [dollr] refresh_failure credential=dollr:id durationMs=1.6 error=dollr token request failed",
      "client log line",
    ],
    [
      "@scope/dollr:test: stderr | src/client.test.ts > dollr client > turns a 401 into a TokenRequestError",
      "output a test printed",
    ],
    ["@scope/scripts:test:  ✘  Can't resolve $ref at #/paths/~1token/post", "failure marker"],
    ["@scope/x:test: Unhandled Rejection TypeError: boom", "error"],
    // A child process's stderr reaches the log without vitest's `stderr |` header.
    ["@scope/x:test: Error: boom", "error"],
    ["@scope/x:test: Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'x'", "error"],
    ["@scope/x:test: error: something went wrong", "error"],
    ["@scope/x:test:     at main (file:///tmp/x.mjs:1:7)", "stack frame"],
  ];
  for (const [line, rule] of noisy) {
    it(`flags ${rule}: ${line.slice(0, 60)}...`, () => {
      expect(findNoise(greenLog(line))).toEqual([{ line: 7, text: line, rule }]);
    });
  }

  it("says nothing about a run with failed tests (the failures are the point) or a log with no vitest summary", () => {
    const failed = greenLog("@scope/x:test:  FAIL  src/a.test.ts > breaks").replace(
      "Tests  310 passed (310)",
      "Tests  1 failed | 309 passed (310)",
    );
    expect(findNoise(failed)).toEqual([]);
    expect(findNoise("ERR_PNPM_RECURSIVE_RUN_FIRST_FAIL\n")).toEqual([]);
  });
});

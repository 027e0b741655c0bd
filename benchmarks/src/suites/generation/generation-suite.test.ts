import { describe, expect, it } from "vitest";
import { cliReportedMs } from "./generation-suite.js";

describe("cliReportedMs", () => {
  it("reads the time openapi-typescript prints for itself, in seconds or milliseconds", () => {
    expect(cliReportedMs("✨ openapi-typescript 7.13.0\n🚀 a.json → b.ts [5.8s]\n")).toBe(5800);
    expect(cliReportedMs("🚀 a.yaml → b.ts \u001b[2m[168.6ms]\u001b[22m")).toBe(168.6);
  });

  it("is undefined when the output has no time", () => {
    expect(cliReportedMs("nothing here")).toBeUndefined();
  });
});

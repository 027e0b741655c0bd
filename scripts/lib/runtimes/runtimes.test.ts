import { describe, expect, it } from "vitest";
import { shortVersion } from "./install-runtime.ts";
import { parseReport, probeCommand } from "./run-probe.ts";
import { RUNTIME_ROWS, selectRows } from "./runtimes.ts";
import { WORKERD_COMPATIBILITY_DATE, workerdConfig } from "./workerd-config.ts";

describe("the runtime matrix", () => {
  it("has the rows the README promises: Node 20/22/24 in ESM and CJS, Deno 2, Bun 1 and workerd", () => {
    expect(RUNTIME_ROWS.map((row) => row.label)).toEqual([
      "Node 20 (ESM)",
      "Node 20 (CJS)",
      "Node 22 (ESM)",
      "Node 22 (CJS)",
      "Node 24 (ESM)",
      "Node 24 (CJS)",
      "Deno 2",
      "Bun 1",
      "workerd (no nodejs_compat)",
    ]);
  });

  it("selects rows by id and names unknown ones", () => {
    expect(selectRows(["deno2", "bun1"]).map((row) => row.id)).toEqual(["deno2", "bun1"]);
    expect(selectRows([])).toHaveLength(RUNTIME_ROWS.length);
    expect(() => selectRows(["deno1"])).toThrow(/unknown runtime row\(s\): deno1/);
  });

  it("runs Deno with network access limited to loopback and no prompt", () => {
    expect(probeCommand("deno", "http://127.0.0.1:1")).toEqual(
      expect.arrayContaining(["run", "--no-prompt", "--allow-net=127.0.0.1", "esm.mjs", "http://127.0.0.1:1"]),
    );
    expect(probeCommand("node-cjs", "u")).toEqual(["cjs.cjs", "u"]);
  });
});

describe("workerdConfig", () => {
  it("serves the bundle on loopback with no compatibility flags (no nodejs_compat) and a loopback outbound", () => {
    const config = workerdConfig("worker.bundle.mjs", 8123);
    expect(config).toContain('address = "127.0.0.1:8123"');
    expect(config).toContain('esModule = embed "worker.bundle.mjs"');
    expect(config).toContain("compatibilityFlags = []");
    expect(config).not.toContain("nodejs_compat");
    expect(config).toContain(`compatibilityDate = "${WORKERD_COMPATIBILITY_DATE}"`);
    expect(config).toMatch(/allow = \[[^\]]*"local"/);
  });
});

describe("probe output", () => {
  it("reads the last JSON line and names missing output", () => {
    expect(parseReport('warming up\n{"durationMs":5,"providers":{}}\n')).toEqual({ durationMs: 5, providers: {} });
    expect(() => parseReport("Error: boom")).toThrow(/printed no JSON report.*Error: boom/s);
  });

  it("shortens --version output to the version", () => {
    expect(shortVersion("v22.23.3\n")).toBe("22.23.3");
    expect(shortVersion("deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)\nv8 13")).toBe("2.9.6");
    expect(shortVersion("workerd 2026-11-17")).toBe("2026-11-17");
  });
});

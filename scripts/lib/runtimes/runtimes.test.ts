import { describe, expect, it } from "vitest";
import { shortVersion } from "./install-runtime.ts";
import { RUNTIME_PACKAGES, RUNTIME_ROWS, selectRows } from "./runtimes.ts";
import { serverCommand } from "./server-process.ts";
import { WORKERD_COMPATIBILITY_DATE, workerdConfig } from "./workerd-config.ts";

describe("the runtime matrix", () => {
  it("has the rows the README promises: Node 20/22/24, Deno 2, Bun 1, the Edge Runtime and 3 client shapes on 2 workerds", () => {
    expect(RUNTIME_ROWS.map((row) => row.id)).toEqual([
      "node20",
      "node20-cjs",
      "node22",
      "node22-cjs",
      "node24",
      "node24-cjs",
      "deno2",
      "bun1",
      "edge",
      "workerd-wrangler486-per-request",
      "workerd-wrangler486-lazy",
      "workerd-wrangler486-top-level",
      "workerd-latest-per-request",
      "workerd-latest-lazy",
      "workerd-latest-top-level",
    ]);
    expect(RUNTIME_ROWS.filter((row) => row.server !== "workerd").every((row) => row.shape === "top-level")).toBe(true);
  });

  it("pins workerd exactly at the version wrangler 4.86 bundles and at a newer one", () => {
    expect(RUNTIME_PACKAGES.workerdWrangler486.version).toBe("1.20260426.1");
    expect(RUNTIME_PACKAGES.workerdLatest.version).toMatch(/^1\.\d{8}\.\d+$/);
    expect(RUNTIME_PACKAGES.workerdLatest.version > RUNTIME_PACKAGES.workerdWrangler486.version).toBe(true);
    expect(RUNTIME_PACKAGES.workerdLatest.key).not.toBe(RUNTIME_PACKAGES.workerdWrangler486.key);
  });

  it("selects rows by id and names unknown ones", () => {
    expect(selectRows(["deno2", "bun1"]).map((row) => row.id)).toEqual(["deno2", "bun1"]);
    expect(selectRows([])).toHaveLength(RUNTIME_ROWS.length);
    expect(() => selectRows(["deno1"])).toThrow(/unknown runtime row\(s\): deno1/);
  });
});

describe("serverCommand", () => {
  const files = { appDir: "/app", scratch: "/scratch", emulatorUrl: "http://127.0.0.1:1", bundle: "/app/w.bundle.mjs" };
  const row = (id: string) => RUNTIME_ROWS.find((r) => r.id === id) as (typeof RUNTIME_ROWS)[number];

  it("runs Deno with network access limited to loopback and no prompt, port and emulator in the environment", () => {
    const deno = serverCommand(row("deno2"), "deno", files, 8123);
    expect(deno.args).toEqual(
      expect.arrayContaining(["run", "--no-prompt", "--allow-net=127.0.0.1", "server-deno.mjs"]),
    );
    expect(deno.env).toMatchObject({ PORT: "8123", EMULATOR_URL: "http://127.0.0.1:1" });
  });

  it("serves workerd rows from a config per instance and Node rows from the server file", () => {
    expect(serverCommand(row("workerd-latest-lazy"), "workerd", files, 8123).args).toEqual([
      "serve",
      "/app/workerd-8123.capnp",
    ]);
    expect(serverCommand(row("node22"), "/bin/node22", files, 1)).toMatchObject({
      command: "/bin/node22",
      args: ["server-node.mjs"],
    });
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

describe("runtime versions", () => {
  it("shortens --version output to the version", () => {
    expect(shortVersion("v22.23.3\n")).toBe("22.23.3");
    expect(shortVersion("deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)\nv8 13")).toBe("2.9.6");
    expect(shortVersion("workerd 2026-11-17")).toBe("2026-11-17");
  });
});

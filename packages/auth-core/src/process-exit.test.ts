import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

const childSource = fileURLToPath(new URL("./testing/exit-child.ts", import.meta.url));
let bundleDir: string;
let child: string;

// The child runs as a plain ESM bundle under `node` (esbuild, ~50 ms): starting it through a TypeScript
// loader takes seconds on a loaded machine, which would blur "exits at once".
beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), "auth-core-exit-"));
  child = join(bundleDir, "exit-child.mjs");
  await build({
    entryPoints: [childSource],
    bundle: true,
    platform: "node",
    format: "esm",
    outfile: child,
    logLevel: "silent",
  });
});
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A loopback token endpoint answering the given replies in turn (the last one repeats). */
async function tokenServer(replies: { status: number; headers?: Record<string, string>; body: unknown }[]) {
  let calls = 0;
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const reply = replies[Math.min(calls, replies.length - 1)]!;
      calls++;
      // No keep-alive: an idle pooled socket must not be what decides when the child exits.
      response.writeHead(reply.status, { "content-type": "application/json", connection: "close", ...reply.headers });
      response.end(JSON.stringify(reply.body));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/oauth/token`, calls: () => calls };
}

/** Runs the child script; resolves with what it printed, its exit code and how long it lived after printing. */
async function runChild(tokenUrl: string) {
  const started = Date.now();
  const proc = spawn(process.execPath, [child], {
    env: { ...process.env, TOKEN_URL: tokenUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  proc.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  // A process that never exits fails the test in 30 s instead of hanging it.
  const killer = setTimeout(() => proc.kill("SIGKILL"), 30_000);
  const [code] = (await once(proc, "exit")) as [number | null];
  clearTimeout(killer);
  const exitedAt = Date.now();
  const line = out.trim().split("\n").filter(Boolean).pop();
  const printed = line ? (JSON.parse(line) as { token: string; at: number }) : undefined;
  return {
    code,
    printed,
    err,
    livedAfterAnswerMs: printed ? exitedAt - printed.at : undefined,
    tookMs: exitedAt - started,
  };
}

describe("process lifetime (child processes)", () => {
  it("a script whose only pending work is an awaited retry (Retry-After: 0.3 on a 503) stays alive and gets its token", async () => {
    const endpoint = await tokenServer([
      { status: 503, headers: { "retry-after": "0.3" }, body: { error: "unavailable" } },
      { status: 200, body: { access_token: "after-retry", expires_in: 3600 } },
    ]);
    const result = await runChild(endpoint.url);
    expect(result.err).toBe("");
    expect(result.printed?.token).toBe("after-retry");
    expect(result.code).toBe(0);
    expect(endpoint.calls()).toBe(2);
  }, 60_000);

  it("a script that has its token exits at once: no timer or keep-alive outlives the awaited work", async () => {
    const endpoint = await tokenServer([
      { status: 503, body: { error: "unavailable" } },
      { status: 200, body: { access_token: "first-retry", expires_in: 3600 } },
    ]);
    const result = await runChild(endpoint.url);
    expect(result.printed?.token).toBe("first-retry");
    expect(result.code).toBe(0);
    // The per-attempt timeout is 10 s, the keep-alive 24 days and the token lives an hour: anything left
    // ref'd would hold the process at least 10 s. A plain fetch script takes 1-3 s to exit on a loaded
    // 2-core machine, so the bound is 8 s.
    expect(result.livedAfterAnswerMs).toBeLessThan(8_000);
  }, 60_000);
});

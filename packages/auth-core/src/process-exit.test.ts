import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const tsx = fileURLToPath(new URL("../../../node_modules/.bin/tsx", import.meta.url));
const child = fileURLToPath(new URL("./testing/exit-child.ts", import.meta.url));

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
      response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
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
  const proc = spawn(tsx, [child], { env: { ...process.env, TOKEN_URL: tokenUrl }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  proc.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  proc.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  // A process that never exits fails the test in 20 s instead of hanging it.
  const killer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
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
    // The per-attempt timeout is 10 s and the token lives an hour: anything left ref'd would hold the
    // process for at least that long. Exiting is a matter of milliseconds; 5 s allows for a loaded machine.
    expect(result.livedAfterAnswerMs).toBeLessThan(5_000);
  }, 60_000);
});

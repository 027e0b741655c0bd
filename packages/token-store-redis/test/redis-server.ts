import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findRedisServer, MISSING_MESSAGE } from "../../../scripts/quickstart/redis-server.mjs";

/** A throwaway redis-server owned by one test file. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Kills the server (SIGKILL: as abrupt as a crash) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open but nothing answers. */
  pause(): void;
  /** Unfreezes a paused server (SIGCONT). */
  resume(): void;
  /** Stops it for good and removes its directory. */
  dispose(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("could not read a free port");
  return address.port;
}

/** Resolves when something answers PING with PONG on the port, or rejects after `timeoutMs`. */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      let reply = "";
      const finish = (value: boolean) => {
        socket.destroy();
        resolve(value);
      };
      socket.setTimeout(1_000, () => finish(false));
      socket.once("error", () => finish(false));
      socket.on("data", (chunk) => {
        reply += chunk.toString("utf8");
        if (reply.includes("\r\n")) finish(reply.startsWith("+PONG"));
      });
      socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

/** Starts redis-server on a free port of 127.0.0.1 with no persistence and a throwaway directory. */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), "token-store-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    if (child !== undefined) return;
    // $REDIS_SERVER_BIN, PATH, or where Debian's package puts it: the lookup the quickstart uses. When
    // it is missing every test fails with the install command (never skips).
    const bin = findRedisServer();
    if (bin === undefined) throw new Error(MISSING_MESSAGE);
    const spawned = spawn(
      bin,
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
      { stdio: "ignore" },
    );
    const spawnError = new Promise<never>((_, reject) => {
      spawned.once("error", (error) => reject(new Error(`cannot run ${bin}: ${MISSING_MESSAGE}`, { cause: error })));
    });
    spawnError.catch(() => {});
    child = spawned;
    live.add(spawned);
    spawned.once("exit", () => {
      live.delete(spawned);
      if (child === spawned) child = undefined;
    });
    await Promise.race([waitForPong(port, 10_000), spawnError]);
  }

  async function stop(): Promise<void> {
    const running = child;
    if (running === undefined) return;
    child = undefined;
    if (running.exitCode === null && running.signalCode === null) {
      const exited = new Promise((resolve) => running.once("exit", resolve));
      running.kill("SIGKILL");
      await exited;
    }
  }

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    pause() {
      child?.kill("SIGSTOP");
    },
    resume() {
      child?.kill("SIGCONT");
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

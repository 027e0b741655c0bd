/**
 * Runs a fleet of real Node processes (test/fleet-worker.ts) against the loopback provider emulator
 * (scripts/lib/emulator/cli.ts, its own process) for the fleet tests and the fleet benchmark.
 * The workers are bundled once with esbuild, so each starts as plain Node (fast on a loaded box). The
 * emulator runs from source under tsx: it loads every registry provider's `/testing` source at start.
 */
import { type ChildProcess, fork, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import type { BurstResult, FleetWorkerConfig, ParentMessage, WorkerMessage } from "./fleet-protocol.js";
import type { RedisServer } from "./redis-server.js";

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const REPO_ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL("./fleet-worker.ts", import.meta.url));
const EMULATOR_SOURCE = fileURLToPath(new URL("../../../scripts/lib/emulator/cli.ts", import.meta.url));
/** Bound of every wait on a child process: generous, for a loaded 2-core machine. */
const CHILD_TIMEOUT_MS = 60_000;

const children = new Set<ChildProcess>();
let bundleDir: string | undefined;
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
  if (bundleDir !== undefined) rmSync(bundleDir, { recursive: true, force: true });
});

let bundles: Promise<{ worker: string }> | undefined;

/** Bundles the worker (with its workspace dependencies) into plain CommonJS, once. */
function bundled(): Promise<{ worker: string }> {
  bundles ??= (async () => {
    bundleDir = mkdtempSync(join(tmpdir(), "token-store-redis-fleet-"));
    const worker = join(bundleDir, "fleet-worker.cjs");
    await build({
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      logLevel: "error",
      entryPoints: [WORKER_SOURCE],
      outfile: worker,
    });
    return { worker };
  })();
  return bundles;
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

async function within<T>(promise: Promise<T>, what: string, ms = CHILD_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The emulator process, driven through its control endpoints. */
export interface EmulatorProcess {
  /** Turris' base URL on the emulator. */
  readonly turrisBaseUrl: string;
  /** Token requests that reached Turris' token endpoint since the last reset. */
  tokenRequests(): Promise<number>;
  reset(): Promise<void>;
  configure(change: { tokenLifetimeSeconds?: number; tokenLatencyMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the emulator CLI with Turris' rate limit off and the given token lifetime. */
export async function startEmulatorProcess(tokenLifetimeSeconds: number): Promise<EmulatorProcess> {
  const child = track(
    spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        EMULATOR_SOURCE,
        "--port",
        "0",
        "--token-lifetime-seconds",
        String(tokenLifetimeSeconds),
        "--turris-rate-limit",
        "0",
      ],
      // From the repository root, where tsx resolves.
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    ),
  );
  const firstLine = new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before it printed its port`)));
  });
  const info = JSON.parse(await within(firstLine, "emulator start-up")) as {
    url: string;
    baseUrls: { turris: string };
  };
  const control = async (path: string, init?: RequestInit): Promise<unknown> => {
    const response = await fetch(`${info.url}/__emulator/${path}`, init);
    if (!response.ok) throw new Error(`emulator ${path} answered ${response.status}`);
    return response.json();
  };
  return {
    turrisBaseUrl: info.baseUrls.turris,
    async tokenRequests() {
      const stats = (await control("stats")) as { turris: { tokenRequests: number } };
      return stats.turris.tokenRequests;
    },
    async reset() {
      await control("reset?provider=turris", { method: "POST" });
    },
    async configure(change) {
      await control("config", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ provider: "turris", ...change }),
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One worker process: what it reported, and requests to it. */
export class FleetWorker {
  readonly events: string[] = [];
  /** When this worker sent each token request since it was last configured (Date.now() of the host). */
  readonly tokenRequestTimes: number[] = [];
  #child: ChildProcess;
  #nextBurst = 0;
  #waiters = new Set<(message: WorkerMessage) => void>();

  /** Forks a worker from the bundle made by {@link bundled}. */
  constructor(workerBundle: string) {
    this.#child = track(
      fork(workerBundle, [], { cwd: PACKAGE_DIR, execArgv: [], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
    );
    this.#child.on("message", (message: WorkerMessage) => {
      if (message.type === "event") {
        this.events.push(message.outcome === undefined ? message.event : `${message.event}:${message.outcome}`);
      }
      if (message.type === "token_request") this.tokenRequestTimes.push(message.at);
      for (const waiter of this.#waiters) waiter(message);
    });
  }

  /** Token requests this worker sent since it was last configured. */
  get tokenRequests(): number {
    return this.tokenRequestTimes.length;
  }

  get alive(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with the first message matching `match`. */
  next<T extends WorkerMessage>(match: (message: WorkerMessage) => message is T, what: string): Promise<T> {
    let waiter: ((message: WorkerMessage) => void) | undefined;
    let onExit: (() => void) | undefined;
    const found = new Promise<T>((resolve, reject) => {
      waiter = (message) => {
        if (match(message)) resolve(message);
      };
      onExit = () => reject(new Error(`worker exited while waiting for ${what}`));
      this.#waiters.add(waiter);
      this.#child.once("exit", onExit);
    });
    return within(found, what).finally(() => {
      if (waiter) this.#waiters.delete(waiter);
      if (onExit) this.#child.off("exit", onExit);
    });
  }

  #send(message: ParentMessage): void {
    if (!this.alive || !this.#child.connected) throw new Error(`worker is gone; cannot send ${message.type}`);
    // A send that fails (the worker died meanwhile) ends the worker; its waiters then reject on "exit".
    this.#child.send(message, (error) => {
      if (error) this.#child.kill("SIGKILL");
    });
  }

  ready(): Promise<unknown> {
    return this.next((m): m is WorkerMessage & { type: "ready" } => m.type === "ready", "worker ready");
  }

  async configure(config: FleetWorkerConfig): Promise<void> {
    // Replies arrive as later events, so sending before listening cannot miss them.
    this.#send({ type: "configure", config });
    await this.next((m): m is WorkerMessage & { type: "configured" } => m.type === "configured", "configure");
    this.events.length = 0;
    this.tokenRequestTimes.length = 0;
  }

  /** Makes `calls` concurrent API calls in the worker and returns what they saw. */
  async burst(calls: number): Promise<BurstResult> {
    this.#nextBurst += 1;
    const id = this.#nextBurst;
    this.#send({ type: "burst", id, calls });
    const done = await this.next(
      (m): m is WorkerMessage & { type: "burst_done" } => m.type === "burst_done" && m.id === id,
      `burst ${id}`,
    );
    return done.result;
  }

  /** Resolves at the worker's next token request. */
  tokenRequest(): Promise<unknown> {
    return this.next(
      (m): m is WorkerMessage & { type: "token_request" } => m.type === "token_request",
      "token request",
    );
  }

  /** SIGKILL: the process dies as in a crash, its lease left behind. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    this.#child.kill("SIGKILL");
    await exited;
  }

  /** Closes the worker's store and lets it exit; kills it if it does not. */
  async close(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.#child.once("exit", resolve));
    try {
      this.#send({ type: "close" });
      await within(exited, "worker exit", 5_000);
    } catch {
      await this.kill();
    }
  }
}

/** Forks one more worker (e.g. to replace a killed one) and waits until it is up. */
export async function startWorker(): Promise<FleetWorker> {
  const worker = new FleetWorker((await bundled()).worker);
  await worker.ready();
  return worker;
}

/** Forks `count` workers and waits until every one is up. */
export async function startFleet(count: number): Promise<FleetWorker[]> {
  const { worker } = await bundled();
  const workers = Array.from({ length: count }, () => new FleetWorker(worker));
  await Promise.all(workers.map((worker) => worker.ready()));
  return workers;
}

/** Sums a set of burst results. */
export function summarize(results: readonly BurstResult[]): {
  ok: number;
  failed: number;
  tokens: Set<string>;
  errors: string[];
} {
  const tokens = new Set<string>();
  const errors = new Set<string>();
  let ok = 0;
  let failed = 0;
  for (const result of results) {
    ok += result.ok;
    failed += result.failed;
    for (const token of result.tokens) tokens.add(token);
    for (const error of result.errors) errors.add(error);
  }
  return { ok, failed, tokens, errors: [...errors] };
}

/**
 * Starts a Redis server and the emulator process together; when either fails to start, the other is
 * stopped before the error is rethrown, so a failed start never leaves a child keeping the process alive.
 */
export async function startRedisAndEmulator(
  startRedis: () => Promise<RedisServer>,
  tokenLifetimeSeconds: number,
): Promise<{ redis: RedisServer; emulator: EmulatorProcess }> {
  const [redis, emulator] = await Promise.allSettled([startRedis(), startEmulatorProcess(tokenLifetimeSeconds)]);
  if (redis.status === "fulfilled" && emulator.status === "fulfilled") {
    return { redis: redis.value, emulator: emulator.value };
  }
  await Promise.allSettled([
    redis.status === "fulfilled" ? redis.value.dispose() : undefined,
    emulator.status === "fulfilled" ? emulator.value.stop() : undefined,
  ]);
  throw redis.status === "rejected" ? redis.reason : (emulator as PromiseRejectedResult).reason;
}

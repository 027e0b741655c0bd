/**
 * Starts one instance of a row's server as its own process on a free loopback port and waits until
 * the port accepts connections (no request is sent, so the first phase request is the instance's
 * first request). Node, Deno and Bun run the probe's server file from the installed tarballs;
 * workerd serves the bundled Worker of the row's client shape; the Edge Runtime row runs the
 * bundled edge function in the host Node through the edge-runtime package's EdgeRuntime + runServer.
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { basename, dirname, join } from "node:path";
import { collectOutput, killGroup, spawnDetached } from "../../release/exec.ts";
import { freePort } from "../../release/verdaccio.ts";
import type { RunningServer } from "./phases.ts";
import type { RuntimeRow } from "./runtimes.ts";
import { workerdConfig } from "./workerd-config.ts";

const START_TIMEOUT_MS = 30_000;

/** Where a row's files are: the consumer app, the scratch folder and the bundle it serves (workerd, edge). */
export interface ServerFiles {
  appDir: string;
  scratch: string;
  emulatorUrl: string;
  /** The bundle for workerd/edge rows. */
  bundle?: string;
}

/** A command to run. */
export interface ServerCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The command that serves `row` on 127.0.0.1:`port` (workerd: its config must be written first). */
export function serverCommand(row: RuntimeRow, bin: string, files: ServerFiles, port: number): ServerCommand {
  const env = { PORT: String(port), EMULATOR_URL: files.emulatorUrl, NO_COLOR: "1" };
  switch (row.server) {
    case "node":
      return { command: bin, args: ["server-node.mjs"], env };
    case "node-cjs":
      return { command: bin, args: ["server-node.cjs"], env };
    case "deno":
      return {
        command: bin,
        args: ["run", "--no-prompt", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "server-deno.mjs"],
        env: { ...env, DENO_DIR: join(files.scratch, "deno-dir"), DENO_NO_UPDATE_CHECK: "1" },
      };
    case "bun":
      return {
        command: bin,
        args: ["run", "server-bun.mjs"],
        env: { ...env, BUN_INSTALL_CACHE_DIR: join(files.scratch, "bun-cache") },
      };
    case "edge":
      return {
        command: process.execPath,
        args: ["edge-host.mjs", edgeRuntimeModule(bin), requireBundle(row, files), String(port)],
        env,
      };
    case "workerd":
      return { command: bin, args: ["serve", workerdConfigFile(files, port)], env };
  }
}

function requireBundle(row: RuntimeRow, files: ServerFiles): string {
  if (files.bundle === undefined) throw new Error(`${row.id}: no bundle to serve`);
  return files.bundle;
}

const workerdConfigFile = (files: ServerFiles, port: number): string => join(files.appDir, `workerd-${port}.capnp`);

/** The edge-runtime module installed beside the `edge-runtime` binary of the runtime cache. */
function edgeRuntimeModule(bin: string): string {
  return createRequire(join(dirname(bin), "..", "..", "package.json")).resolve("edge-runtime");
}

/** Starts an instance of `row`'s server and resolves once its port accepts connections. */
export async function startServer(row: RuntimeRow, bin: string, files: ServerFiles): Promise<RunningServer> {
  const port = await freePort();
  if (row.server === "workerd") {
    writeFileSync(workerdConfigFile(files, port), workerdConfig(basename(requireBundle(row, files)), port));
  }
  const { command, args, env } = serverCommand(row, bin, files, port);
  const child = spawnDetached(command, args, { cwd: files.appDir, env: { ...process.env, ...env } });
  const output = collectOutput(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (): Promise<void> => {
    killGroup(child, "SIGKILL");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${row.id}: the server exited (${child.exitCode ?? child.signalCode}) before listening:\n${output().slice(-2000)}`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${row.id}: the server did not listen within ${START_TIMEOUT_MS} ms:\n${output().slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `http://127.0.0.1:${port}`, output, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

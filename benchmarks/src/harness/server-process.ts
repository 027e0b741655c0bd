import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ServerConfig, ServerStats } from "./bench-server.js";

export type { ServerConfig, ServerStats };

/** A running benchmark server in a child process, and the controls the suites use. */
export interface ServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  stats(): Promise<ServerStats>;
  reset(): Promise<void>;
  configure(config: Partial<ServerConfig>): Promise<void>;
  /** Revokes every token issued so far: the API answers 401 for them. */
  revoke(): Promise<void>;
  close(): Promise<void>;
}

const SERVER_FILE = fileURLToPath(new URL("./bench-server.ts", import.meta.url));

/** Starts bench-server.ts (or another server file with the same control paths) in its own Node process on 127.0.0.1. */
export async function startServerProcess(file: string = SERVER_FILE): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", file], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error("bench server did not print its port within 30 s")), 30_000);
    child.once("exit", (code) => reject(new Error(`bench server exited early with code ${code}`)));
    lines.once("line", (line) => {
      clearTimeout(timer);
      lines.close();
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const control = async (path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`bench server ${path} answered ${response.status}`);
    return response.json();
  };
  return {
    baseUrl,
    pid: child.pid ?? 0,
    stats: async () => (await control("/__stats")) as ServerStats,
    reset: async () => {
      await control("/__reset", {});
    },
    configure: async (config) => {
      await control("/__config", config);
    },
    revoke: async () => {
      await control("/__revoke", {});
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.stdin?.end();
      }),
  };
}

import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { collectOutput, exec, killGroup, spawnDetached } from "./exec.ts";
import { formatVerdaccioConfig, verdaccioConfig } from "./verdaccio-config.ts";

/** Verdaccio 5 is the last line that runs on Node 20; 6 needs Node 22. */
export const VERDACCIO_VERSION = "5.33.0";

/**
 * verdaccio-audit asks for `node-fetch@cjs`, a dist-tag some registries lack; pin it to the
 * CommonJS 2.x line it means. Scoped to verdaccio-audit so nothing else changes.
 */
const VERDACCIO_OVERRIDES = { "verdaccio-audit": { "node-fetch": "2.7.0" } };

/** Installs Verdaccio with npm into `dir` (a cache folder outside the workspace) unless it is already there. */
export async function installVerdaccio(dir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const bin = join(dir, "node_modules", "verdaccio", "bin", "verdaccio");
  const manifest = join(dir, "node_modules", "verdaccio", "package.json");
  if (existsSync(bin) && existsSync(manifest)) {
    const { version } = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
    if (version === VERDACCIO_VERSION) return bin;
  }
  mkdirSync(dir, { recursive: true });
  const pkg = {
    name: "release-e2e-verdaccio",
    private: true,
    dependencies: { verdaccio: VERDACCIO_VERSION },
    overrides: VERDACCIO_OVERRIDES,
  };
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  const args = ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--ignore-scripts"];
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      await exec("npm", args, { cwd: dir, env, timeoutMs: 5 * 60_000 });
      return bin;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** The parts of npm's configuration that decide how it reaches its registry. */
export interface NpmNetworkConfig {
  registry: string;
  cafile: string | undefined;
  httpsProxy: string | undefined;
  httpProxy: string | undefined;
}

/** Reads npm's registry, cafile and proxies (`npm config get`), with unset values as undefined. */
export async function readNpmNetworkConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<NpmNetworkConfig> {
  // With several keys `npm config get` prints `key=value` lines.
  const { stdout } = await exec("npm", ["config", "get", "registry", "cafile", "https-proxy", "proxy"], { cwd, env });
  const raw: Record<string, string> = {};
  for (const line of stdout.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) raw[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  const value = (key: string): string | undefined => {
    const v = raw[key];
    return typeof v === "string" && v !== "" && v !== "null" && v !== "undefined" ? v : undefined;
  };
  const registry = value("registry");
  if (registry === undefined) throw new Error("`npm config get registry` returned nothing");
  return { registry, cafile: value("cafile"), httpsProxy: value("https-proxy"), httpProxy: value("proxy") };
}

/** Asks the OS for a free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error("could not read the port of a probe socket"));
      });
    });
  });
}

/** A running throwaway registry. */
export interface RunningRegistry {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Options to start the throwaway registry. */
export interface StartRegistryOptions {
  bin: string;
  workDir: string;
  uplinkUrl: string;
  ownScopes: readonly string[];
  /** npm's own network settings, so the uplink reaches the registry the way npm does. */
  npmNetwork: NpmNetworkConfig;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

async function waitForPing(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`verdaccio exited early (code ${child.exitCode}):\n${output().slice(-2000)}`);
    }
    try {
      const response = await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`verdaccio did not answer /-/ping within ${timeoutMs} ms:\n${output().slice(-2000)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => killGroup(child, "SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    killGroup(child, "SIGTERM");
  });
}

/** Starts Verdaccio on 127.0.0.1 with throwaway storage; retries on another port if the chosen one is taken. */
export async function startRegistry(options: StartRegistryOptions): Promise<RunningRegistry> {
  const storageDir = join(options.workDir, "storage");
  mkdirSync(storageDir, { recursive: true });
  const configFile = join(options.workDir, "config.yaml");
  const config = verdaccioConfig({
    storageDir,
    htpasswdFile: join(options.workDir, "htpasswd"),
    uplinkUrl: options.uplinkUrl,
    ownScopes: options.ownScopes,
    httpsProxy: options.npmNetwork.httpsProxy,
    httpProxy: options.npmNetwork.httpProxy,
  });
  const env = { ...options.env };
  // npm's `cafile` (a corporate or sandbox CA) must be trusted by Verdaccio's uplink requests too.
  if (options.npmNetwork.cafile !== undefined) env.NODE_EXTRA_CA_CERTS = options.npmNetwork.cafile;
  writeFileSync(configFile, formatVerdaccioConfig(config));
  let lastError: unknown;
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawnDetached(
      process.execPath,
      [options.bin, "--config", configFile, "--listen", `127.0.0.1:${port}`],
      { cwd: options.workDir, env },
    );
    const output = collectOutput(child);
    try {
      await waitForPing(url, child, output, 60_000);
      return { url, port, stop: () => stopChild(child) };
    } catch (error) {
      lastError = error;
      await stopChild(child);
      options.log(`verdaccio did not start on port ${port} (attempt ${attempt}/5); retrying on another port`);
    }
  }
  throw lastError;
}

/** Creates a user through the npm adduser HTTP API and returns its bearer token. */
export async function createPublishToken(registryUrl: string): Promise<string> {
  const name = "release-e2e";
  const response = await fetch(`${registryUrl}/-/user/org.couchdb.user:${name}`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      _id: `org.couchdb.user:${name}`,
      name,
      password: `pw-${process.pid}-${Date.now()}`,
      email: "release-e2e@example.invalid",
      type: "user",
      roles: [],
      date: new Date().toISOString(),
    }),
  });
  const body = (await response.json()) as { token?: unknown; error?: unknown };
  if (!response.ok || typeof body.token !== "string") {
    throw new Error(`adduser on the local registry failed: HTTP ${response.status} ${String(body.error ?? "")}`);
  }
  return body.token;
}

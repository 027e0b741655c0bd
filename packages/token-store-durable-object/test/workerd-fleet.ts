/**
 * Runs a Worker fleet in real workerd. The main process: the `store` service hosts TokenStoreObject
 * (SQLite-backed, on a throwaway local disk) and `app-a` and `app-b` bind the same Durable Object
 * namespace. An optional second process runs `remote`, which reaches the objects through a service
 * binding to `store` (a process the test can kill mid-fetch). Every service is its own isolate with
 * its own socket on 127.0.0.1, no compatibility flags (so no nodejs_compat), and outbound fetch to
 * loopback only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** A workerd binary from an npm package of this package's devDependencies. */
export interface WorkerdBinary {
  /** The npm alias it came from: `workerd` (pinned: what wrangler 4.86 bundles) or `workerd-latest`. */
  readonly alias: string;
  readonly version: string;
  readonly bin: string;
}

const require = createRequire(import.meta.url);

/** The workerd versions the fleet test runs on: the one older wranglers bundle, and the latest. */
export function workerdBinaries(): WorkerdBinary[] {
  return ["workerd", "workerd-latest"].map((alias) => {
    const module = require(alias) as { default: string; version: string };
    return { alias, version: module.version, bin: module.default };
  });
}

/** A fixed compatibility date every workerd under test supports. */
const COMPATIBILITY_DATE = "2025-09-01";

/** The services of the main process; `store` hosts the Durable Object class. */
export const SERVICES = ["store", "app-a", "app-b"] as const;
/** One service of the main process. */
export type ServiceName = (typeof SERVICES)[number];

/** Bundles test/fleet-worker.ts for workerd into `dir`; returns the file name. */
export async function bundleFleetWorker(dir: string): Promise<string> {
  const file = "fleet-worker.mjs";
  await build({
    entryPoints: [fileURLToPath(new URL("./fleet-worker.ts", import.meta.url))],
    outfile: join(dir, file),
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    target: "es2022",
    logLevel: "silent",
  });
  return file;
}

/** What every worker of the fleet is given. */
export interface WorkerSettings {
  bundle: string;
  emulatorUrl: string;
  leaseMs: number;
}

interface WorkerSpec {
  name: string;
  port: number;
  /** The TOKEN_STORE or STORE_SERVICE binding, as Cap'n Proto text. */
  binding: string;
  /** Extra worker fields (the namespace and its storage, for the host). */
  extra?: string;
}

function workerService(spec: WorkerSpec, settings: WorkerSettings): string {
  return `    (name = "${spec.name}", worker = (
      modules = [(name = "worker.mjs", esModule = embed ${JSON.stringify(settings.bundle)})],
      compatibilityDate = "${COMPATIBILITY_DATE}",
      compatibilityFlags = [],
      globalOutbound = "loopback",
      bindings = [
        ${spec.binding},
        (name = "SERVICE", text = "${spec.name}"),
        (name = "EMULATOR_URL", text = ${JSON.stringify(settings.emulatorUrl)}),
        (name = "LEASE_MS", text = "${settings.leaseMs}"),
      ],${spec.extra ?? ""}
    )),`;
}

function config(workers: readonly WorkerSpec[], settings: WorkerSettings, extraServices: readonly string[]): string {
  const sockets = workers.map(
    (w) => `    (name = "${w.name}", address = "127.0.0.1:${w.port}", http = (), service = "${w.name}"),`,
  );
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
${workers.map((w) => workerService(w, settings)).join("\n")}
${extraServices.map((s) => `    ${s},`).join("\n")}
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [
${sockets.join("\n")}
  ],
);
`;
}

/** The main process: `store` hosts the namespace on local disk; `app-a` and `app-b` bind it by class and service name. */
export function mainConfig(settings: WorkerSettings, ports: Readonly<Record<ServiceName, number>>, diskDir: string) {
  const byService = `(name = "TOKEN_STORE", durableObjectNamespace = (className = "TokenStoreObject", serviceName = "store"))`;
  return config(
    [
      {
        name: "store",
        port: ports.store,
        binding: `(name = "TOKEN_STORE", durableObjectNamespace = "TokenStoreObject")`,
        extra: `
      durableObjectNamespaces = [(className = "TokenStoreObject", uniqueKey = "scope-token-store-fleet-test", enableSql = true)],
      durableObjectStorage = (localDisk = "do-disk"),`,
      },
      { name: "app-a", port: ports["app-a"], binding: byService },
      { name: "app-b", port: ports["app-b"], binding: byService },
    ],
    settings,
    [`(name = "do-disk", disk = (path = ${JSON.stringify(diskDir)}, writable = true))`],
  );
}

/** The second process: `remote` reaches the objects through the main process's `store` socket. */
export function remoteConfig(settings: WorkerSettings, port: number, storeOrigin: string): string {
  const address = new URL(storeOrigin).host;
  return config([{ name: "remote", port, binding: `(name = "STORE_SERVICE", service = "store-remote")` }], settings, [
    `(name = "store-remote", external = (address = "${address}", http = ()))`,
  ]);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Where a fleet keeps its bundle, configs and Durable Object storage across restarts. */
export interface FleetSite {
  readonly dir: string;
  readonly bundle: string;
  /** Removes the folder. */
  dispose(): void;
}

/** Bundles the worker once into a fresh temporary folder. */
export async function prepareFleetSite(): Promise<FleetSite> {
  const dir = mkdtempSync(join(tmpdir(), "do-token-store-fleet-"));
  const bundle = await bundleFleetWorker(dir);
  return { dir, bundle, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) child.kill("SIGKILL");
});

/** One running workerd process. */
export interface WorkerdProcess<S extends string> {
  /** Each service's origin, e.g. http://127.0.0.1:40001. */
  readonly urls: Readonly<Record<S, string>>;
  /** workerd's output so far (for failure messages). */
  output(): string;
  /** Stops workerd with `signal` (default SIGTERM) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

async function serve<S extends string>(
  workerd: WorkerdBinary,
  site: FleetSite,
  configText: string,
  ports: Readonly<Record<S, number>>,
  startTimeoutMs: number,
): Promise<WorkerdProcess<S>> {
  const file = join(site.dir, `workerd-${Object.keys(ports).join("-")}.capnp`);
  writeFileSync(file, configText);
  const child = spawn(workerd.bin, ["serve", file], { cwd: site.dir, stdio: ["ignore", "pipe", "pipe"] });
  started.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    started.delete(child);
  };
  const urls = Object.fromEntries(Object.entries(ports).map(([s, port]) => [s, `http://127.0.0.1:${port}`])) as Record<
    S,
    string
  >;
  const deadline = Date.now() + startTimeoutMs;
  try {
    for (const url of Object.values<string>(urls)) {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`workerd ${workerd.version} exited:\n${output.slice(-3000)}`);
        const ok = await fetch(`${url}/events`).then(
          (response) => response.ok,
          () => false,
        );
        if (ok) break;
        if (Date.now() > deadline) throw new Error(`workerd ${workerd.version} did not serve ${url}:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  } catch (error) {
    await stop("SIGKILL");
    throw error;
  }
  return { urls, output: () => output, stop };
}

/** Starts the main process (store, app-a, app-b) and waits until every service answers. */
export async function startFleet(
  workerd: WorkerdBinary,
  site: FleetSite,
  settings: Omit<WorkerSettings, "bundle">,
): Promise<WorkerdProcess<ServiceName>> {
  const diskDir = join(site.dir, "durable-objects");
  mkdirSync(diskDir, { recursive: true });
  const ports = { store: await freePort(), "app-a": await freePort(), "app-b": await freePort() };
  return serve(workerd, site, mainConfig({ ...settings, bundle: site.bundle }, ports, diskDir), ports, 30_000);
}

/** Starts the second process (remote) against a running main process's store service. */
export async function startRemote(
  workerd: WorkerdBinary,
  site: FleetSite,
  settings: Omit<WorkerSettings, "bundle">,
  storeOrigin: string,
): Promise<WorkerdProcess<"remote">> {
  const ports = { remote: await freePort() };
  return serve(
    workerd,
    site,
    remoteConfig({ ...settings, bundle: site.bundle }, ports.remote, storeOrigin),
    ports,
    30_000,
  );
}

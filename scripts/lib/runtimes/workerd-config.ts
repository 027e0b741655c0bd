/**
 * The workerd configuration of the runtime matrix's Worker row: one ES-module worker with NO
 * compatibility flags (so no nodejs_compat: Node built-ins do not exist), an HTTP socket on loopback,
 * and an outbound network that may reach the loopback emulator.
 */

/** A fixed compatibility date the pinned workerd supports. */
export const WORKERD_COMPATIBILITY_DATE = "2025-09-01";

/** Renders the Cap'n Proto config serving `workerFile` (a path relative to the config) on 127.0.0.1:`port`. */
export function workerdConfig(workerFile: string, port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "probe", worker = .probeWorker),
    (name = "loopback", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "probe")],
);

const probeWorker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed ${JSON.stringify(workerFile)})],
  compatibilityDate = "${WORKERD_COMPATIBILITY_DATE}",
  compatibilityFlags = [],
  globalOutbound = "loopback",
);
`;
}

/**
 * `pnpm demo`: starts the loopback provider emulator, makes a few hundred concurrent authenticated
 * calls through the client of every provider in specs/registry.json (each package's
 * `create<Provider>Client`), and prints calls, token requests and latency per provider.
 */
import { cpus, loadavg } from "node:os";
import type { Client } from "openapi-fetch";
import { type EmulatedProvider, type Emulator, startEmulator } from "./lib/emulator/server.ts";
import { loadClientFactory } from "./lib/provider-clients.ts";
import { readRegistry } from "./lib/registry.ts";

const CALLS_PER_PROVIDER = 300;

interface EchoPaths {
  "/v1/echo": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: Record<string, unknown>; content: { "application/json": { path: string } } } };
    };
  };
}

interface Row {
  provider: EmulatedProvider;
  calls: number;
  ok: number;
  tokenRequests: number;
  p50: number;
  p99: number;
}

async function loadClients(emulator: Emulator): Promise<Map<EmulatedProvider, Client<EchoPaths>>> {
  const clients = new Map<EmulatedProvider, Client<EchoPaths>>();
  for (const entry of readRegistry().providers) {
    const create = await loadClientFactory(entry);
    // The demo calls an echo path the emulator serves; the real specs' operations are typed per package.
    const client = create({
      clientId: `demo-${entry.id}`,
      clientSecret: `demo-${entry.id}-secret`,
      baseUrl: emulator.baseUrl(entry.id),
    });
    clients.set(entry.id, client as Client<EchoPaths>);
  }
  return clients;
}

async function run(provider: EmulatedProvider, client: Client<EchoPaths>, emulator: Emulator): Promise<Row> {
  const latencies: number[] = [];
  let ok = 0;
  await Promise.all(
    Array.from({ length: CALLS_PER_PROVIDER }, async () => {
      const started = performance.now();
      const { response } = await client.GET("/v1/echo");
      latencies.push(performance.now() - started);
      if (response.ok) ok += 1;
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] ?? 0;
  const stats = emulator.statsOf(provider);
  return { provider, calls: CALLS_PER_PROVIDER, ok, tokenRequests: stats.tokenRequests, p50: at(0.5), p99: at(0.99) };
}

function table(rows: Row[]): string {
  const header = ["provider", "calls", "ok", "token requests", "p50", "p99"];
  const cells = rows.map((r) => [
    r.provider,
    String(r.calls),
    String(r.ok),
    String(r.tokenRequests),
    `${r.p50.toFixed(1)} ms`,
    `${r.p99.toFixed(1)} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: string[]) =>
    c.map((v, i) => (i === 0 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), ...cells.map(line)].map((l) => `  ${l}`).join("\n");
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  try {
    const titles = readRegistry().providers.map((entry) => entry.title);
    console.log(`Provider emulator (${titles.join(", ")}) listening on ${emulator.url}`);
    console.log(`Making ${CALLS_PER_PROVIDER} concurrent authenticated calls through each client...\n`);
    const clients = await loadClients(emulator);
    const rows: Row[] = [];
    for (const [provider, client] of clients) rows.push(await run(provider, client, emulator));
    console.log(table(rows));
    const calls = rows.reduce((sum, r) => sum + r.ok, 0);
    const tokens = rows.reduce((sum, r) => sum + r.tokenRequests, 0);
    console.log(`\n${calls} authenticated calls, ${tokens} token requests in total (one per provider).`);
    const [load = 0] = loadavg();
    console.log(
      `Latency is per call while all ${CALLS_PER_PROVIDER} run at once (queueing included); ` +
        `this machine: ${cpus().length} CPUs, load average ${load.toFixed(1)}.`,
    );
    if (rows.some((r) => r.ok !== r.calls || r.tokenRequests !== 1)) {
      console.error("Unexpected result: some calls failed or more than one token request was made.");
      process.exitCode = 1;
    }
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(message) ? " (run `pnpm build` first)" : "";
  console.error(`demo failed: ${message.split("\n")[0]}${hint}`);
  process.exitCode = 1;
});

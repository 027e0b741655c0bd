/**
 * The runtime matrix: which runtimes `pnpm test:runtimes` proves the clients on, the npm package each
 * one is installed from (Deno, Bun and workerd ship their binaries through npm; Node 22 and 24 come
 * from the `node` package; Vercel's Edge Runtime is the `edge-runtime` package run by the host's
 * Node), how each row serves requests, and where its clients are built.
 */

/** A runtime installed as an ordinary npm package. */
export interface RuntimePackage {
  /** Cache folder name and key, e.g. `node22`. */
  key: string;
  /** The npm package and exact version to install. */
  name: string;
  version: string;
  /** Its binary in node_modules/.bin. */
  bin: string;
  /** For Node: the major version; the host's own node is used when it has this major. */
  nodeMajor?: number;
}

/** How a row serves HTTP: the server file (probe/) and the runtime that runs it. */
export type ServerKind = "node" | "node-cjs" | "deno" | "bun" | "edge" | "workerd";

/**
 * Where the row's server builds its clients: at module top level (global scope), lazily at module
 * level on the first request, or anew inside every request.
 */
export type ClientShape = "top-level" | "lazy" | "per-request";

/** One row of the README's "Supported runtimes" table. */
export interface RuntimeRow {
  id: string;
  label: string;
  runtime: RuntimePackage;
  server: ServerKind;
  shape: ClientShape;
}

const node = (major: number, version: string): RuntimePackage => ({
  key: `node${major}`,
  name: "node",
  version,
  bin: "node",
  nodeMajor: major,
});

const workerd = (version: string): RuntimePackage => ({
  key: `workerd-${version}`,
  name: "workerd",
  version,
  bin: "workerd",
});

/**
 * Pinned runtime packages; bump a version here to test a newer runtime. workerd runs twice: the
 * version wrangler 4.86 bundles (what users of that wrangler run) and the newest one published.
 */
export const RUNTIME_PACKAGES = {
  node20: node(20, "20.9.0"),
  node22: node(22, "22.23.3"),
  node24: node(24, "24.9.0"),
  deno: { key: "deno", name: "deno", version: "2.9.6", bin: "deno" },
  bun: { key: "bun", name: "bun", version: "1.4.5", bin: "bun" },
  edge: { key: "edge-runtime", name: "edge-runtime", version: "4.0.1", bin: "edge-runtime" },
  workerdWrangler486: workerd("1.20260426.1"),
  workerdLatest: workerd("1.20261123.1"),
} as const satisfies Record<string, RuntimePackage>;

const SHAPE_LABEL: Record<ClientShape, string> = {
  "top-level": "client at top level",
  lazy: "client built lazily at module level",
  "per-request": "client built per request",
};

function workerdRows(runtime: RuntimePackage, name: string): RuntimeRow[] {
  return (["per-request", "lazy", "top-level"] as const).map((shape) => ({
    id: `workerd-${name}-${shape}`,
    label: `workerd (no nodejs_compat), ${SHAPE_LABEL[shape]}`,
    runtime,
    server: "workerd",
    shape,
  }));
}

/** Every row, in the README table's order. */
export const RUNTIME_ROWS: readonly RuntimeRow[] = [
  {
    id: "node20",
    label: "Node 20 http.createServer, ESM (`import`)",
    runtime: RUNTIME_PACKAGES.node20,
    server: "node",
    shape: "top-level",
  },
  {
    id: "node20-cjs",
    label: "Node 20 http.createServer, CommonJS (`require()`)",
    runtime: RUNTIME_PACKAGES.node20,
    server: "node-cjs",
    shape: "top-level",
  },
  {
    id: "node22",
    label: "Node 22 http.createServer, ESM (`import`)",
    runtime: RUNTIME_PACKAGES.node22,
    server: "node",
    shape: "top-level",
  },
  {
    id: "node22-cjs",
    label: "Node 22 http.createServer, CommonJS (`require()`)",
    runtime: RUNTIME_PACKAGES.node22,
    server: "node-cjs",
    shape: "top-level",
  },
  {
    id: "node24",
    label: "Node 24 http.createServer, ESM (`import`)",
    runtime: RUNTIME_PACKAGES.node24,
    server: "node",
    shape: "top-level",
  },
  {
    id: "node24-cjs",
    label: "Node 24 http.createServer, CommonJS (`require()`)",
    runtime: RUNTIME_PACKAGES.node24,
    server: "node-cjs",
    shape: "top-level",
  },
  { id: "deno2", label: "Deno 2 Deno.serve", runtime: RUNTIME_PACKAGES.deno, server: "deno", shape: "top-level" },
  { id: "bun1", label: "Bun 1 Bun.serve", runtime: RUNTIME_PACKAGES.bun, server: "bun", shape: "top-level" },
  {
    id: "edge",
    label: "Vercel Edge Runtime (edge-runtime)",
    runtime: RUNTIME_PACKAGES.edge,
    server: "edge",
    shape: "top-level",
  },
  ...workerdRows(RUNTIME_PACKAGES.workerdWrangler486, "wrangler486"),
  ...workerdRows(RUNTIME_PACKAGES.workerdLatest, "latest"),
];

/** The rows whose id is in `only` (all rows when `only` is empty); throws on an unknown id. */
export function selectRows(only: readonly string[]): RuntimeRow[] {
  if (only.length === 0) return [...RUNTIME_ROWS];
  const unknown = only.filter((id) => !RUNTIME_ROWS.some((row) => row.id === id));
  if (unknown.length > 0) {
    throw new Error(
      `unknown runtime row(s): ${unknown.join(", ")}; known: ${RUNTIME_ROWS.map((r) => r.id).join(", ")}`,
    );
  }
  return RUNTIME_ROWS.filter((row) => only.includes(row.id));
}

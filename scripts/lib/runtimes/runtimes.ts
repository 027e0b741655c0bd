/**
 * The runtime matrix: which runtimes `pnpm test:runtimes` proves the clients on, the npm package each
 * one is installed from (Deno, Bun and workerd ship their binaries through npm; Node 22 and 24 come
 * from the `node` package), and how each row loads the clients.
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

/** How a row loads the packages and runs the probe. */
export type ProbeKind = "node-esm" | "node-cjs" | "deno" | "bun" | "workerd";

/** One row of the README's "Supported runtimes" table. */
export interface RuntimeRow {
  id: string;
  label: string;
  runtime: RuntimePackage;
  kind: ProbeKind;
}

const node = (major: number, version: string): RuntimePackage => ({
  key: `node${major}`,
  name: "node",
  version,
  bin: "node",
  nodeMajor: major,
});

/** Pinned runtime packages; bump a version here to test a newer runtime. */
export const RUNTIME_PACKAGES = {
  node20: node(20, "20.9.0"),
  node22: node(22, "22.23.3"),
  node24: node(24, "24.9.0"),
  deno: { key: "deno", name: "deno", version: "2.9.6", bin: "deno" },
  bun: { key: "bun", name: "bun", version: "1.4.5", bin: "bun" },
  workerd: { key: "workerd", name: "workerd", version: "1.20261117.1", bin: "workerd" },
} as const satisfies Record<string, RuntimePackage>;

/** Every row, in the README table's order. */
export const RUNTIME_ROWS: readonly RuntimeRow[] = [
  { id: "node20-esm", label: "Node 20 (ESM)", runtime: RUNTIME_PACKAGES.node20, kind: "node-esm" },
  { id: "node20-cjs", label: "Node 20 (CJS)", runtime: RUNTIME_PACKAGES.node20, kind: "node-cjs" },
  { id: "node22-esm", label: "Node 22 (ESM)", runtime: RUNTIME_PACKAGES.node22, kind: "node-esm" },
  { id: "node22-cjs", label: "Node 22 (CJS)", runtime: RUNTIME_PACKAGES.node22, kind: "node-cjs" },
  { id: "node24-esm", label: "Node 24 (ESM)", runtime: RUNTIME_PACKAGES.node24, kind: "node-esm" },
  { id: "node24-cjs", label: "Node 24 (CJS)", runtime: RUNTIME_PACKAGES.node24, kind: "node-cjs" },
  { id: "deno2", label: "Deno 2", runtime: RUNTIME_PACKAGES.deno, kind: "deno" },
  { id: "bun1", label: "Bun 1", runtime: RUNTIME_PACKAGES.bun, kind: "bun" },
  { id: "workerd", label: "workerd (no nodejs_compat)", runtime: RUNTIME_PACKAGES.workerd, kind: "workerd" },
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

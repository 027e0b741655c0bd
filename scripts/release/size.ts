import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Manifest } from "./workspace.ts";

/** The committed budget: min+gzip bytes allowed per package. */
export interface Budget {
  $comment?: string;
  /**
   * A ceiling for every provider package (its default entry with its dependencies), above any
   * per-package budget: `pnpm size --update` never writes a provider budget above it.
   */
  providerMaxGzipBytes?: number;
  packages: Record<string, { gzipBytes: number }>;
}

/** What one package or module costs inside a measured bundle. */
export interface MeasuredPart {
  /** npm package name (`openapi-fetch`, `@scope/auth-core`) or, inside our own packages, a source path. */
  name: string;
  /** Minified bytes it contributes. */
  minBytes: number;
  /** Its share of the bundle's min+gzip size, estimated as minBytes / total minBytes * gzipBytes. */
  gzipShareBytes: number;
}

/** One package's measured size. */
export interface Measurement {
  name: string;
  minBytes: number;
  gzipBytes: number;
  /** What each package in the bundle costs, largest first. */
  parts?: MeasuredPart[];
}

/**
 * What the bundle is built for: `worker` as Cloudflare's tooling bundles a Worker (neutral platform,
 * `workerd`/`worker`/`browser` conditions, no Node built-ins: the bundle the runtime matrix runs),
 * `node` for Node-only packages (built-ins external).
 */
export type BundleTarget = "worker" | "node";

/** One row of the comparison table. */
export interface BudgetRow extends Measurement {
  budgetBytes: number | undefined;
  ok: boolean;
}

/** The file an ESM `import` of the package's root loads, relative to the package folder. */
export function esmEntry(manifest: Manifest): string {
  const root = (manifest.exports as Record<string, unknown> | undefined)?.["."] ?? manifest.exports;
  const pick = (value: unknown): string | undefined => {
    if (typeof value === "string") return value;
    if (value === null || typeof value !== "object") return undefined;
    const conditions = value as Record<string, unknown>;
    return pick(conditions.import) ?? pick(conditions.default);
  };
  const entry = pick(root) ?? (manifest as { module?: string }).module;
  if (entry === undefined) throw new Error(`${manifest.name}: no ESM entry in "exports" or "module"`);
  return entry;
}

/** Bundles an ESM file with its dependencies, minified, and returns its sizes and what each package costs. */
export async function measure(name: string, file: string, target: BundleTarget = "worker"): Promise<Measurement> {
  const platform =
    target === "worker"
      ? {
          platform: "neutral" as const,
          conditions: ["workerd", "worker", "browser"],
          mainFields: ["browser", "module", "main"],
          target: "es2022",
        }
      : { platform: "node" as const, target: "node20" };
  const result = await build({
    ...platform,
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    legalComments: "none",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const gzipBytes = gzipSync(code, { level: 9 }).byteLength;
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  const byPart = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    if (bytesInOutput === 0) continue;
    const part = partOf(path);
    byPart.set(part, (byPart.get(part) ?? 0) + bytesInOutput);
  }
  const parts = [...byPart]
    .map(([part, minBytes]) => ({
      name: part,
      minBytes,
      gzipShareBytes: Math.round((minBytes / Math.max(1, code.byteLength)) * gzipBytes),
    }))
    .sort((a, b) => b.minBytes - a.minBytes);
  return { name, minBytes: code.byteLength, gzipBytes, parts };
}

/** The part an esbuild input path belongs to: the npm package under node_modules, else `@scope/<folder>`. */
export function partOf(path: string): string {
  const normalized = path.replaceAll("\\", "/");
  const inModules = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(normalized);
  if (inModules?.[1]) return inModules[1];
  const inPackages = /(?:^|\/)packages\/([^/]+)\//.exec(normalized);
  return inPackages?.[1] ? `@scope/${inPackages[1]}` : normalized;
}

/** The bytes `name` may have: its budget, capped by `providerMaxGzipBytes` for a provider; undefined without a budget. */
export function limitFor(name: string, budget: Budget, providers: readonly string[] = []): number | undefined {
  const own = budget.packages[name]?.gzipBytes;
  const cap = providers.includes(name) ? budget.providerMaxGzipBytes : undefined;
  if (own === undefined || cap === undefined) return own;
  return Math.min(own, cap);
}

/** Compares measurements with the budget (providers also with the provider ceiling); a package without a budget fails. */
export function compareToBudget(
  measurements: readonly Measurement[],
  budget: Budget,
  providers: readonly string[] = [],
): BudgetRow[] {
  return measurements.map((m) => {
    const budgetBytes = limitFor(m.name, budget, providers);
    return { ...m, budgetBytes, ok: budgetBytes !== undefined && m.gzipBytes <= budgetBytes };
  });
}

/**
 * A budget with 10 % headroom over the measured sizes, rounded up to 100 bytes; provider budgets
 * never above `providerMaxGzipBytes` (kept from `previous`), so growth past the ceiling still fails.
 */
export function budgetFromMeasurements(
  measurements: readonly Measurement[],
  comment: string | undefined,
  previous: Pick<Budget, "providerMaxGzipBytes"> = {},
  providers: readonly string[] = [],
): Budget {
  const packages: Budget["packages"] = {};
  const cap = previous.providerMaxGzipBytes;
  for (const m of measurements) {
    const headroom = Math.ceil((m.gzipBytes * 1.1) / 100) * 100;
    packages[m.name] = {
      gzipBytes: cap !== undefined && providers.includes(m.name) ? Math.min(headroom, cap) : headroom,
    };
  }
  return {
    ...(comment === undefined ? {} : { $comment: comment }),
    ...(cap === undefined ? {} : { providerMaxGzipBytes: cap }),
    packages,
  };
}

/** Renders what each part of each bundle costs as a fixed-width table. */
export function formatParts(measurements: readonly Measurement[]): string {
  const header = ["package", "part", "min", "share of min+gzip"];
  const body = measurements.flatMap((m) =>
    (m.parts ?? []).map((p) => [m.name, p.name, `${p.minBytes} B`, `~${p.gzipShareBytes} B`]),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

/** Renders the comparison as a fixed-width table. */
export function formatTable(rows: readonly BudgetRow[]): string {
  const header = ["package", "min", "min+gzip", "budget", "status"];
  const body = rows.map((r) => [
    r.name,
    `${r.minBytes} B`,
    `${r.gzipBytes} B`,
    r.budgetBytes === undefined ? "none" : `${r.budgetBytes} B`,
    r.ok ? "ok" : r.budgetBytes === undefined ? "NO BUDGET" : `OVER by ${r.gzipBytes - r.budgetBytes} B`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

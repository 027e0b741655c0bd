import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import type { Manifest } from "./workspace.ts";

/** The committed budget: min+gzip bytes allowed per package. */
export interface Budget {
  $comment?: string;
  packages: Record<string, { gzipBytes: number }>;
}

/** One package's measured size. */
export interface Measurement {
  name: string;
  minBytes: number;
  gzipBytes: number;
}

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

/** Bundles an ESM file with its dependencies, minified, and returns its minified and gzipped sizes. */
export async function measure(name: string, file: string): Promise<Measurement> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "silent",
    legalComments: "none",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { name, minBytes: code.byteLength, gzipBytes: gzipSync(code, { level: 9 }).byteLength };
}

/** Compares measurements with the budget; a package without a budget fails. */
export function compareToBudget(measurements: readonly Measurement[], budget: Budget): BudgetRow[] {
  return measurements.map((m) => {
    const budgetBytes = budget.packages[m.name]?.gzipBytes;
    return { ...m, budgetBytes, ok: budgetBytes !== undefined && m.gzipBytes <= budgetBytes };
  });
}

/** A budget with 10 % headroom over the measured sizes, rounded up to 100 bytes. */
export function budgetFromMeasurements(measurements: readonly Measurement[], comment: string | undefined): Budget {
  const packages: Budget["packages"] = {};
  for (const m of measurements) packages[m.name] = { gzipBytes: Math.ceil((m.gzipBytes * 1.1) / 100) * 100 };
  return comment === undefined ? { packages } : { $comment: comment, packages };
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

/** Benchmark 5: our generator vs the bare openapi-typescript CLI, and tsc time of a consumer, by document size. */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { build } from "esbuild";
import { readRegistry, specPath } from "../../../../scripts/lib/registry.ts";
import { parseSpecText } from "../../../../scripts/lib/spec-facts.ts";
import { repoRoot, scratchDir } from "../../harness/paths.js";
import { runProcess } from "../../harness/processes.js";
import { pairedRatios, type Summary, summarize } from "../../harness/stats.js";
import { syntheticDocument } from "./synthetic.js";

/** One document the suite measures. */
interface GenerationCase {
  name: string;
  operations: number;
  specFile: string;
  /** Registry id when the document is a vendored spec (then `tsx scripts/generate.ts` is timed too). */
  providerId?: string;
}

/** Wall and CPU (user + system) time of a tool, in ms, over the runs. */
export interface ToolTimes {
  wall: Summary;
  cpu: Summary;
}

/** Results for one document; times in ms. */
export interface GenerationResult {
  name: string;
  operations: number;
  specBytes: number;
  generatedBytes: number;
  /** Our generator on plain Node (bundled entry, no tsx). */
  ours: ToolTimes;
  /** `tsx scripts/generate.ts --out … <id>` as `pnpm generate` runs it (vendored specs only). */
  oursViaTsx?: ToolTimes;
  cli: ToolTimes;
  /** ours / cli wall time, run by run. */
  ratio: Summary;
  /** ours / cli CPU time, run by run (robust on a busy machine). */
  cpuRatio: Summary;
  /** Each tool's own time after module loading (the CLI prints it; ours measures the same span), ms. */
  oursCore: Summary;
  cliCore: Summary;
  /** ours / cli of those core times, run by run. */
  coreRatio: Summary;
  /** `tsc --noEmit` of a consumer file importing the generated types. */
  tsc: ToolTimes;
}

/** Options of the generation suite. */
export interface GenerationOptions {
  runs: number;
  syntheticSizes: number[];
  /** Documents with at least this many operations are measured once (they dominate the suite's time). */
  singleRunFrom?: number;
  /** Include the three vendored specs (default true). */
  vendored?: boolean;
  /** Runs for the vendored specs (tiny documents: start-up dominates, so fewer runs say as much). Default `runs`. */
  vendoredRuns?: number;
}

/** A wall/CPU sample pair of one process run, with the tool's own time after module loading when it reports one. */
interface Sample {
  wall: number;
  cpu: number;
  core?: number;
}

/** The time openapi-typescript's CLI prints for itself ("[5.8s]", "[168.6ms]"), in ms. */
export function cliReportedMs(output: string): number | undefined {
  const plain = stripVTControlCharacters(output);
  const match = /\[(\d+(?:\.\d+)?)(ms|s)\]/.exec(plain);
  if (!match) return undefined;
  return Number(match[1]) * (match[2] === "s" ? 1000 : 1);
}

/** The `coreMs` our bundled generator prints. */
function oursReportedMs(output: string): number | undefined {
  const line = output.trim().split("\n").pop() ?? "";
  try {
    return (JSON.parse(line) as { coreMs?: number }).coreMs;
  } catch {
    return undefined;
  }
}

const CPU_PRELOAD = `import { writeFileSync } from "node:fs";
const file = process.env.BENCH_CPU_REPORT;
process.on("exit", () => {
  const usage = process.cpuUsage();
  if (file) writeFileSync(file, String((usage.user + usage.system) / 1000));
});
`;

/** Runs \`node <args>\` with a preload that reports the child's own CPU time. */
async function timeNode(dir: string, args: string[], cwd: string): Promise<Sample> {
  const report = join(dir, "cpu-report.txt");
  rmSync(report, { force: true });
  const preload = pathToFileURL(join(dir, "cpu-preload.mjs")).href;
  const env = { ...process.env, BENCH_CPU_REPORT: report };
  const run = await runProcess(process.execPath, ["--import", preload, ...args], { cwd, env });
  const core = args[0] === cliEntry ? cliReportedMs(run.stdout) : oursReportedMs(run.stdout);
  return { wall: run.wallMs, cpu: Number(readFileSync(report, "utf8")), ...(core === undefined ? {} : { core }) };
}

function times(samples: Sample[]): ToolTimes {
  return { wall: summarize(samples.map((s) => s.wall)), cpu: summarize(samples.map((s) => s.cpu)) };
}

const cliEntry = join(repoRoot, "node_modules", "openapi-typescript", "bin", "cli.js");
const tscEntry = join(repoRoot, "node_modules", "typescript", "bin", "tsc");

async function bundleGenerator(dir: string): Promise<string> {
  const outfile = join(dir, "gen-one.mjs");
  await build({
    entryPoints: [join(import.meta.dirname, "gen-one.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "error",
  });
  return outfile;
}

function firstOperation(specFile: string): { method: string; path: string } {
  const document = parseSpecText(readFileSync(specFile, "utf8"), specFile) as { paths?: Record<string, object> };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of ["get", "post", "put", "patch", "delete"]) {
      if (method in item) return { method: method.toUpperCase(), path };
    }
  }
  throw new Error(`${specFile} has no operation`);
}

function writeConsumer(dir: string, generatedFile: string, operation: { method: string; path: string }): void {
  writeFileSync(join(dir, "openapi.gen.ts"), readFileSync(generatedFile));
  writeFileSync(
    join(dir, "consumer.ts"),
    [
      'import createClient from "openapi-fetch";',
      'import type { paths } from "./openapi.gen.ts";',
      'const client = createClient<paths>({ baseUrl: "http://127.0.0.1" });',
      "/** Calls one operation so tsc resolves the path union, the init type and the response type. */",
      "export async function call() {",
      `  const { data, error } = await client.${operation.method}(${JSON.stringify(operation.path)}, {} as never);`,
      "  return data ?? error;",
      "}",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: join(repoRoot, "tsconfig.base.json"), files: ["consumer.ts"] }, null, 2),
  );
}

function cases(dir: string, sizes: number[], includeVendored: boolean): GenerationCase[] {
  const entries = includeVendored ? readRegistry().providers : [];
  const vendored: GenerationCase[] = entries.map((entry) => {
    const specFile = specPath(entry);
    const facts = parseSpecText(readFileSync(specFile, "utf8"), specFile) as { paths?: Record<string, object> };
    const operations = Object.values(facts.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0);
    return { name: entry.id, operations, specFile, providerId: entry.id };
  });
  const synthetic = sizes.map((size) => {
    const specFile = join(dir, `synthetic-${size}.json`);
    writeFileSync(specFile, JSON.stringify(syntheticDocument(size), null, 2));
    return { name: `synthetic ${size.toLocaleString("en-US")}`, operations: size, specFile };
  });
  return [...vendored, ...synthetic];
}

/** Runs benchmark 5 and returns one result per document. */
export async function runGenerationSuite(options: GenerationOptions): Promise<GenerationResult[]> {
  const dir = join(scratchDir, "generation");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const generator = await bundleGenerator(dir);
  writeFileSync(join(dir, "cpu-preload.mjs"), CPU_PRELOAD);
  const results: GenerationResult[] = [];
  for (const c of cases(dir, options.syntheticSizes, options.vendored ?? true)) {
    const slug = c.name.replace(/\W+/g, "-");
    const oursOut = join(dir, `${slug}-ours`);
    const cliOut = join(dir, `${slug}-cli.ts`);
    const tsxOut = join(dir, `${slug}-tsx`);
    const runs = c.providerId
      ? (options.vendoredRuns ?? options.runs)
      : c.operations >= (options.singleRunFrom ?? Number.POSITIVE_INFINITY)
        ? 1
        : options.runs;
    const ours: Sample[] = [];
    const cli: Sample[] = [];
    const viaTsx: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      // Alternate which tool goes first so file-cache warmth does not favour one of them.
      const order = run % 2 === 0 ? ["ours", "cli"] : ["cli", "ours"];
      for (const tool of order) {
        if (tool === "ours") ours.push(await timeNode(dir, [generator, c.specFile, oursOut], repoRoot));
        else cli.push(await timeNode(dir, [cliEntry, c.specFile, "-o", cliOut], repoRoot));
      }
      if (c.providerId && run === 0) {
        const script = join(repoRoot, "scripts", "generate.ts");
        viaTsx.push(await timeNode(dir, ["--import", "tsx", script, "--out", tsxOut, c.providerId], repoRoot));
      }
    }
    const generatedFile = join(oursOut, "src", "generated", "openapi.gen.ts");
    const consumerDir = join(dir, `${slug}-consumer`);
    mkdirSync(consumerDir, { recursive: true });
    writeConsumer(consumerDir, generatedFile, firstOperation(c.specFile));
    const tsc: Sample[] = [];
    for (let run = 0; run < runs; run++) tsc.push(await timeNode(dir, [tscEntry, "-p", consumerDir], consumerDir));
    const result: GenerationResult = {
      name: c.name,
      operations: c.operations,
      specBytes: statSync(c.specFile).size,
      generatedBytes: statSync(generatedFile).size,
      ours: times(ours),
      ...(viaTsx.length > 0 ? { oursViaTsx: times(viaTsx) } : {}),
      cli: times(cli),
      ratio: summarize(
        pairedRatios(
          ours.map((s) => s.wall),
          cli.map((s) => s.wall),
        ),
      ),
      cpuRatio: summarize(
        pairedRatios(
          ours.map((s) => s.cpu),
          cli.map((s) => s.cpu),
        ),
      ),
      oursCore: summarize(ours.map((s) => s.core ?? Number.NaN)),
      cliCore: summarize(cli.map((s) => s.core ?? Number.NaN)),
      coreRatio: summarize(
        pairedRatios(
          ours.map((s) => s.core ?? Number.NaN),
          cli.map((s) => s.core ?? Number.NaN),
        ),
      ),
      tsc: times(tsc),
    };
    results.push(result);
    console.log(
      `  generation ${c.name}: ours ${result.ours.wall.median.toFixed(0)} ms, cli ${result.cli.wall.median.toFixed(0)} ms (ratio ${result.ratio.median.toFixed(2)}, cpu ratio ${result.cpuRatio.median.toFixed(2)}, core ratio ${result.coreRatio.median.toFixed(2)}), tsc ${result.tsc.wall.median.toFixed(0)} ms`,
    );
  }
  return results;
}

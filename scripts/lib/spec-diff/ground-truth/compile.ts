/**
 * Compiles ground-truth consumers in memory: one TypeScript program for every document pair, so the
 * standard library is parsed and checked once.
 */

import { dirname, join } from "node:path";
import ts from "typescript";

/** The files of one pair: generated old and new types and the consumer written against the old ones. */
export interface PairSources {
  name: string;
  /** Generated module for the old document (`paths`, `components`, ..., `environments`). */
  oldTypes: string;
  /** Generated module for the new document. */
  newTypes: string;
  /** Consumer source importing `./api` (the types under test) and `./snapshot` (the old types). */
  consumer: string;
}

/** Diagnostics of one pair: against its own old types (must be none) and against the new ones. */
export interface PairVerdict {
  name: string;
  againstOld: string[];
  againstNew: string[];
}

const ROOT = "/ground-truth";

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ["lib.es2022.d.ts"],
  types: [],
};

/** Virtual file tree: `<pair>/old/{api,snapshot,consumer}.ts` and `<pair>/new/...`; both snapshots re-export the old types. */
function virtualFiles(pairs: PairSources[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const pair of pairs) {
    for (const [side, api] of [
      ["old", pair.oldTypes],
      ["new", pair.newTypes],
    ] as const) {
      const folder = join(ROOT, pair.name, side);
      files.set(join(folder, "api.ts"), api);
      files.set(join(folder, "snapshot.ts"), 'export * from "../old/api";\n');
      files.set(join(folder, "consumer.ts"), pair.consumer);
    }
  }
  return files;
}

function hostFor(files: Map<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(OPTIONS);
  const base = { getSourceFile: host.getSourceFile, fileExists: host.fileExists, readFile: host.readFile };
  host.fileExists = (file) => files.has(file) || base.fileExists(file);
  host.readFile = (file) => files.get(file) ?? base.readFile(file);
  host.getSourceFile = (file, language, onError) => {
    const text = files.get(file);
    return text === undefined
      ? base.getSourceFile(file, language, onError)
      : ts.createSourceFile(file, text, language, true);
  };
  const baseDirectoryExists = host.directoryExists?.bind(host);
  host.directoryExists = (directory) => directory.startsWith(ROOT) || (baseDirectoryExists?.(directory) ?? false);
  host.getCurrentDirectory = () => ROOT;
  return host;
}

function render(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  const text = diagnostic.file.text.split("\n")[line]?.trim() ?? "";
  return `line ${line + 1}: ${text}\n    ${message.split("\n")[0]}`;
}

/** Type-checks every pair's consumer against its old and its new types in one program. */
export function compileConsumers(pairs: PairSources[]): PairVerdict[] {
  const files = virtualFiles(pairs);
  const roots = [...files.keys()].filter((file) => file.endsWith("consumer.ts"));
  const program = ts.createProgram(roots, OPTIONS, hostFor(files));
  const diagnosticsOf = (file: string) => {
    const source = program.getSourceFile(file);
    if (!source) throw new Error(`ground truth: ${file} is not in the program`);
    const own = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    // A generated module that does not compile is a generator problem, reported with the consumer.
    const folder = dirname(file);
    const module = program.getSourceFile(join(folder, "api.ts"));
    const generated = module ? program.getSemanticDiagnostics(module) : [];
    return [...own, ...generated].map(render);
  };
  return pairs.map((pair) => ({
    name: pair.name,
    againstOld: diagnosticsOf(join(ROOT, pair.name, "old", "consumer.ts")),
    againstNew: diagnosticsOf(join(ROOT, pair.name, "new", "consumer.ts")),
  }));
}

/**
 * README examples that compile: every ```ts block of a README becomes a module in a scratch folder
 * beside the repository's node_modules, the workspace packages are linked in as a consumer would
 * install them (so imports resolve through each package's `exports` map to its built `.d.ts`), and
 * the TypeScript compiler checks them strictly. Errors point at the README line.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * Every README a user reads, found on disk (not listed): the root README.md and each
 * packages/<name>/README.md (npm shows those), as paths relative to `root`, root first.
 */
export function discoverReadmes(root: string): string[] {
  const packagesDir = join(root, "packages");
  const packageReadmes = existsSync(packagesDir)
    ? readdirSync(packagesDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, "README.md")))
        .map((entry) => `packages/${entry.name}/README.md`)
        .sort()
    : [];
  return [...(existsSync(join(root, "README.md")) ? ["README.md"] : []), ...packageReadmes];
}

/** The workspace packages under `root`/packages: package name -> folder. */
export function workspacePackages(root: string): Record<string, string> {
  const packagesDir = join(root, "packages");
  return Object.fromEntries(
    readdirSync(packagesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, "package.json")))
      .map((entry) => {
        const dir = join(packagesDir, entry.name);
        return [(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }).name, dir];
      }),
  );
}

/** One fenced ```ts block: its code and the README line of its first code line (1-based). */
export interface CodeBlock {
  code: string;
  line: number;
}

/** The ```ts / ```typescript blocks of a markdown text, in order. */
export function extractTsBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  let current: { start: number; code: string[] } | undefined;
  lines.forEach((text, index) => {
    if (current === undefined) {
      if (/^```(ts|typescript)\s*$/.test(text)) current = { start: index + 2, code: [] };
    } else if (/^```\s*$/.test(text)) {
      blocks.push({ code: `${current.code.join("\n")}\n`, line: current.start });
      current = undefined;
    } else current.code.push(text);
  });
  return blocks;
}

/** A compile error in a README block, located in the README. */
export interface ExampleError {
  readme: string;
  line: number;
  message: string;
}

/** The workspace packages examples may import: name -> folder. */
export type LinkedPackages = Readonly<Record<string, string>>;

/**
 * Type-checks the ```ts blocks of `readmes` (paths relative to `root`, or absolute) as separate ES modules under
 * `strict` + `nodenext`, importing the `packages` as installed dependencies. Returns every error.
 */
export function checkReadmeExamples(
  root: string,
  readmes: readonly string[],
  packages: LinkedPackages,
): ExampleError[] {
  const scratch = mkdtempSync(join(root, ".readme-examples-"));
  try {
    for (const [name, dir] of Object.entries(packages)) {
      const link = join(scratch, "node_modules", name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(relative(dirname(link), dir), link, "dir");
    }
    writeFileSync(join(scratch, "package.json"), '{ "type": "module", "private": true }\n');
    const origin = new Map<string, { readme: string; line: number }>();
    for (const readme of readmes) {
      extractTsBlocks(readFileSync(resolve(root, readme), "utf8")).forEach((block, index) => {
        const file = join(scratch, `${readme.replace(/[^\w]+/g, "_")}_${index + 1}.ts`);
        writeFileSync(file, `${block.code}export {};\n`);
        origin.set(file, { readme, line: block.line });
      });
    }
    const program = ts.createProgram([...origin.keys()], {
      strict: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
      types: ["node"],
      typeRoots: [join(root, "node_modules", "@types")],
      noEmit: true,
      skipLibCheck: true,
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      const where = diagnostic.file ? origin.get(diagnostic.file.fileName) : undefined;
      if (diagnostic.file === undefined || where === undefined || diagnostic.start === undefined)
        return { readme: diagnostic.file?.fileName ?? "(compiler)", line: 0, message };
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return { readme: where.readme, line: where.line + line, message };
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

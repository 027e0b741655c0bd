/**
 * All-or-nothing writes: every file is first written next to its target, then swapped in with
 * renames; if any step fails, the targets are restored and the tree is as it was.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GENERATED_DIR, type GeneratedFile, writeGeneratedFiles } from "../generate-provider.ts";

/** A file to write, by absolute path; `null` contents delete it. */
export interface StagedFile {
  path: string;
  contents: string | Buffer | null;
}

/** Generated files to swap into a package's generated folder. */
export interface StagedGeneration {
  packageDir: string;
  files: GeneratedFile[];
}

function readGenerated(packageDir: string): GeneratedFile[] | undefined {
  const dir = join(packageDir, GENERATED_DIR);
  if (!existsSync(dir)) return undefined;
  return readdirSync(dir).map((name) => ({
    path: `${GENERATED_DIR}/${name}`,
    contents: readFileSync(join(dir, name), "utf8"),
  }));
}

/**
 * Writes `files` and `generation` as one change; on any failure restores what was there and rethrows.
 * `rename` is the swap primitive (tests pass a failing one to prove the rollback).
 */
export function commitStagedFiles(
  files: StagedFile[],
  generation?: StagedGeneration,
  options: { rename?: (from: string, to: string) => void } = {},
): void {
  const rename = options.rename ?? renameSync;
  const tag = `${process.pid}-${Date.now()}`;
  const staged = files.map((file) => ({
    ...file,
    temp: `${file.path}.staged-${tag}`,
    backup: `${file.path}.backup-${tag}`,
  }));
  const swapped: typeof staged = [];
  const previousGeneration = generation ? readGenerated(generation.packageDir) : undefined;
  let generationSwapped = false;
  try {
    for (const file of staged) {
      if (file.contents === null) continue;
      mkdirSync(dirname(file.path), { recursive: true });
      writeFileSync(file.temp, file.contents);
    }
    if (generation) {
      writeGeneratedFiles(generation.packageDir, generation.files);
      generationSwapped = true;
    }
    for (const file of staged) {
      if (existsSync(file.path)) rename(file.path, file.backup);
      swapped.push(file);
      if (file.contents !== null) rename(file.temp, file.path);
    }
  } catch (error) {
    for (const file of swapped.reverse()) {
      rmSync(file.path, { force: true });
      if (existsSync(file.backup)) renameSync(file.backup, file.path);
    }
    if (generation && generationSwapped) {
      if (previousGeneration) writeGeneratedFiles(generation.packageDir, previousGeneration);
      else rmSync(join(generation.packageDir, GENERATED_DIR), { recursive: true, force: true });
    }
    throw error;
  } finally {
    for (const file of staged) {
      rmSync(file.temp, { force: true });
      rmSync(file.backup, { force: true });
    }
  }
}

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATED_DIR, generateAll } from "./generate-provider.ts";
import { providerTurboJson } from "./package-files.ts";
import { packageDir, type Registry, sha256, specPath } from "./registry.ts";

function listFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Regenerates into `scratch` and lists every way the committed tree differs from a fresh generation. */
export async function findDrift(registry: Registry, root: string, scratch: string): Promise<string[]> {
  const problems: string[] = [];
  for (const entry of registry.providers) {
    const specBytes = readFileSync(specPath(entry, root));
    if (sha256(specBytes) !== entry.sha256) {
      problems.push(
        `specs/${entry.spec}: sha256 differs from specs/registry.json (edit specs only with pnpm specs:update)`,
      );
    }
    const manifest = join(packageDir(entry, root), "package.json");
    const name = existsSync(manifest)
      ? (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name
      : undefined;
    if (name !== entry.packageName) {
      problems.push(
        `packages/${entry.id}/package.json: name must be ${entry.packageName} (found ${name ?? "no package"})`,
      );
    }
    const turboFile = join(packageDir(entry, root), "turbo.json");
    const expectedTasks = providerTurboJson(entry).tasks as Record<string, { inputs: string[] }>;
    const actual = existsSync(turboFile)
      ? (JSON.parse(readFileSync(turboFile, "utf8")) as { tasks?: Record<string, { inputs?: string[] }> })
      : undefined;
    for (const [task, { inputs: expectedInputs }] of Object.entries(expectedTasks)) {
      const actualInputs = actual?.tasks?.[task]?.inputs ?? [];
      if (expectedInputs.some((input) => !actualInputs.includes(input))) {
        problems.push(`packages/${entry.id}/turbo.json: ${task} inputs must include ${expectedInputs.join(", ")}`);
      }
    }
  }
  await generateAll(registry.providers, { root, outRoot: scratch });
  for (const entry of registry.providers) {
    const committedDir = join(packageDir(entry, root), GENERATED_DIR);
    const freshDir = join(scratch, entry.id, GENERATED_DIR);
    const committed = listFiles(committedDir);
    const fresh = listFiles(freshDir);
    for (const name of new Set([...committed, ...fresh])) {
      const where = `packages/${entry.id}/${GENERATED_DIR}/${name}`;
      if (!fresh.includes(name)) problems.push(`${where}: not produced by the generator (stale file)`);
      else if (!committed.includes(name)) problems.push(`${where}: missing (never generated or not committed)`);
      else if (readFileSync(join(committedDir, name), "utf8") !== readFileSync(join(freshDir, name), "utf8")) {
        problems.push(`${where}: differs from a fresh generation`);
      }
    }
  }
  return problems;
}

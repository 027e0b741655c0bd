/** Writes the changeset a spec update produces: the package, its bump and the readable change list. */
import { join } from "node:path";
import { type ChangeLevel, renderChangeList, type SpecChange } from "../spec-diff/index.ts";

/** Path of a changeset file under `root/.changeset`. */
export function changesetPath(root: string, slug: string): string {
  return join(root, ".changeset", `${slug}.md`);
}

/** The changeset markdown: front matter with the bump, a headline and the grouped change list. */
export function changesetText(options: {
  packageName: string;
  bump: ChangeLevel;
  headline: string;
  changes: SpecChange[];
}): string {
  const list = renderChangeList(options.changes, { maxOperations: 8 });
  const body = list === "" ? options.headline : `${options.headline}\n\n${list}`;
  return `---\n"${options.packageName}": ${options.bump}\n---\n\n${body}\n`;
}

/** Writes the changeset a spec update produces: the package, its bump and the readable change list. */
import { join } from "node:path";
import { type ChangeLevel, renderChangeList, type SpecChange } from "../spec-diff/index.ts";

/** Path of a changeset file under `root/.changeset`. */
export function changesetPath(root: string, slug: string): string {
  return join(root, ".changeset", `${slug}.md`);
}

const ADDED = /^Added operation `([A-Z]+) ([^`]+)`$/;

/** The first two path segments (`/v1/customers/{id}` -> `/v1/customers`): what groups added operations. */
function resourceOf(path: string): string {
  return `/${path.split("/").filter(Boolean).slice(0, 2).join("/")}`;
}

/**
 * Collapses "Added operation" entries into one per resource path (`/v1/customers`) once there are more
 * than `threshold` of them, so a first fuller document gives a readable changeset, not hundreds of lines.
 */
export function groupAddedOperations(changes: SpecChange[], threshold = 10): SpecChange[] {
  const added = changes.filter((change) => ADDED.test(change.message));
  if (added.length <= threshold) return changes;
  const groups = new Map<string, string[]>();
  for (const change of added) {
    const [, method, path] = ADDED.exec(change.message) as RegExpExecArray;
    const resource = resourceOf(path as string);
    groups.set(resource, [...(groups.get(resource) ?? []), `${method} ${path}`]);
  }
  const grouped: SpecChange[] = [...groups].map(([resource, operations]) => ({
    level: "minor",
    message: `Added ${operations.length} operation${operations.length === 1 ? "" : "s"} under \`${resource}\``,
    operations,
  }));
  const firstAdded = changes.indexOf(added[0] as SpecChange);
  const rest = changes.filter((change) => !added.includes(change));
  return [...rest.slice(0, firstAdded), ...grouped, ...rest.slice(firstAdded)];
}

/** The changeset markdown: front matter with the bump, a headline and the grouped change list. */
export function changesetText(options: {
  packageName: string;
  bump: ChangeLevel;
  headline: string;
  changes: SpecChange[];
}): string {
  const list = renderChangeList(groupAddedOperations(options.changes), { maxOperations: 8 });
  const body = list === "" ? options.headline : `${options.headline}\n\n${list}`;
  return `---\n"${options.packageName}": ${options.bump}\n---\n\n${body}\n`;
}

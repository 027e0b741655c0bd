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

const OPERATION = /`((?:GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) [^`]+)`/;

function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * One line a consumer can act on: how many changes of each kind and how many operations they reach,
 * e.g. "1 breaking change, 2 additions and 1 documentation change, reaching 40 operations".
 */
export function changeSummary(changes: SpecChange[]): string {
  const of = (level: ChangeLevel) => changes.filter((change) => change.level === level).length;
  const parts = [
    of("major") > 0 ? counted(of("major"), "breaking change", "breaking changes") : "",
    of("minor") > 0 ? counted(of("minor"), "addition", "additions") : "",
    of("patch") > 0 ? counted(of("patch"), "documentation change", "documentation changes") : "",
  ].filter(Boolean);
  const operations = new Set<string>();
  for (const change of changes) {
    for (const operation of change.operations) operations.add(operation);
    const named = OPERATION.exec(change.message)?.[1];
    if (named) operations.add(named);
  }
  const listed = parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : (parts[0] ?? "no changes");
  return operations.size > 0 ? `${listed}, reaching ${counted(operations.size, "operation", "operations")}` : listed;
}

/**
 * The changeset headline: what changed for someone using the package ("Dollr API 1.0.0 -> 1.1.0:
 * 2 additions, reaching 2 operations."), a warning when code may need changes, and the document's identity.
 */
export function changesetHeadline(options: {
  title: string;
  oldVersion: string;
  newVersion: string;
  sha256: string;
  changes: SpecChange[];
  note?: string;
}): string {
  const { title, oldVersion, newVersion } = options;
  const api =
    oldVersion === newVersion
      ? `${title} API ${newVersion} (re-published with changes)`
      : `${title} API ${oldVersion} -> ${newVersion}`;
  const breaking = options.changes.some((change) => change.level === "major")
    ? " Code using the breaking changes below needs updating before you upgrade."
    : "";
  const identity = `Types regenerated from the vendored document (sha256 ${options.sha256.slice(0, 12)}).`;
  return `${api}: ${changeSummary(options.changes)}.${breaking}\n\n${identity}${options.note ? ` ${options.note}` : ""}`;
}

const SCHEMA_ADDED = /^Component schema `([^`]+)` added$/;

/**
 * Collapses "Component schema X added" entries into one once there are more than `threshold`: a
 * document that adds hundreds of schemas says so in one line, naming the first few.
 */
export function groupAddedSchemas(changes: SpecChange[], threshold = 10): SpecChange[] {
  const added = changes.filter((change) => SCHEMA_ADDED.test(change.message));
  if (added.length <= threshold) return changes;
  const names = added.map((change) => (SCHEMA_ADDED.exec(change.message) as RegExpExecArray)[1] as string);
  const shown = names.slice(0, 8).map((name) => `\`${name}\``);
  const grouped: SpecChange = {
    level: "minor",
    message: `Added ${names.length} component schemas (${shown.join(", ")} and ${names.length - shown.length} more)`,
    operations: [],
  };
  const first = changes.indexOf(added[0] as SpecChange);
  const rest = changes.filter((change) => !added.includes(change));
  return [...rest.slice(0, first), grouped, ...rest.slice(first)];
}

/** The change list as a consumer reads it: added operations by resource, added schemas in one line. */
export function groupChanges(changes: SpecChange[]): SpecChange[] {
  return groupAddedSchemas(groupAddedOperations(changes));
}

/** The changeset markdown: front matter with the bump, a headline and the grouped change list. */
export function changesetText(options: {
  packageName: string;
  bump: ChangeLevel;
  headline: string;
  changes: SpecChange[];
}): string {
  const list = renderChangeList(groupChanges(options.changes), { maxOperations: 8 });
  const body = list === "" ? options.headline : `${options.headline}\n\n${list}`;
  return `---\n"${options.packageName}": ${options.bump}\n---\n\n${body}\n`;
}

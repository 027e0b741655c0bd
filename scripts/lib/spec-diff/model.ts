/** The vocabulary of the change classifier: change levels, changes and the bump they imply. */

/** How a change affects users of the generated client, as a semver bump. */
export type ChangeLevel = "major" | "minor" | "patch";

/** One change between two documents, phrased for a changelog. */
export interface SpecChange {
  level: ChangeLevel;
  /** Human-readable sentence, e.g. "Removed operation `DELETE /v1/plans/{id}`". */
  message: string;
  /** Operations the change reaches ("GET /v1/plans"), when it came in through a shared schema. */
  operations: string[];
}

/** A plain JSON object. */
export type Json = Record<string, unknown>;

/** Narrows to a plain object. */
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const ORDER: Record<ChangeLevel, number> = { patch: 0, minor: 1, major: 2 };

/** The larger of two bumps. */
export function maxLevel(a: ChangeLevel | undefined, b: ChangeLevel): ChangeLevel {
  return a === undefined || ORDER[b] > ORDER[a] ? b : a;
}

/** Sorts changes most severe first, keeping discovery order within a level. */
export function sortChanges(changes: SpecChange[]): SpecChange[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((x, y) => ORDER[y.change.level] - ORDER[x.change.level] || x.index - y.index)
    .map(({ change }) => change);
}

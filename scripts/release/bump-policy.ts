/** A changesets bump type. */
export type BumpType = "major" | "minor" | "patch";

const ORDER: Record<BumpType | "none", number> = { none: 0, patch: 1, minor: 2, major: 3 };

/** Increments a plain `x.y.z` version the way changesets does. */
export function bumpVersion(version: string, type: BumpType): string {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (match === null) throw new Error(`not a plain x.y.z version: "${version}"`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (type === "major") return `${major + 1}.0.0`;
  if (type === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Whether `version` satisfies the caret range `^base` (npm semantics for plain x.y.z versions). */
export function satisfiesCaret(version: string, base: string): boolean {
  const parse = (v: string) => v.split(".").map(Number) as [number, number, number];
  const [vM, vm, vp] = parse(version);
  const [bM, bm, bp] = parse(base);
  const atLeast = vM > bM || (vM === bM && (vm > bm || (vm === bm && vp >= bp)));
  if (!atLeast) return false;
  if (bM > 0) return vM === bM;
  if (bm > 0) return vM === 0 && vm === bm;
  return vM === 0 && vm === 0 && vp === bp;
}

/** How a dependent names an internal dependency (all internal ranges are `workspace:^`). */
export type DependencyKind = "dependencies" | "peerDependencies" | "optionalDependencies";

/**
 * The bump our .changeset/config.json gives a package that is not released itself when an internal
 * dependency it uses through `workspace:^` gets a `change` bump from `oldVersion`:
 * - still inside `^oldVersion`: no release (users get the new dependency through the range);
 * - out of range: `patch` for dependencies, `major` for peerDependencies
 *   (`onlyUpdatePeerDependentsWhenOutOfRange: true`).
 */
export function expectedDependentBump(kind: DependencyKind, change: BumpType, oldVersion: string): BumpType | "none" {
  if (satisfiesCaret(bumpVersion(oldVersion, change), oldVersion)) return "none";
  return kind === "peerDependencies" && change !== "patch" ? "major" : "patch";
}

/** The larger of two bumps. */
export function maxBump(a: BumpType | "none", b: BumpType | "none"): BumpType | "none" {
  return ORDER[a] >= ORDER[b] ? a : b;
}

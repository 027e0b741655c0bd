/**
 * The release a spec change gets, given the package's current version. npm's caret range on a 0.x
 * version (`^0.3.1` = `>=0.3.1 <0.4.0`) takes only patch releases, so while a package is 0.x a
 * breaking change is released as a minor (users on `^0.3.1` do not receive it) and an addition as a
 * patch (they do); from 1.0.0 on, breaking is major, additive minor and documentation patch.
 */
import type { ChangeLevel } from "../spec-diff/index.ts";

/** The changesets bump for a change of `level` to a package now at `version` (`x.y.z`, prerelease allowed). */
export function releaseBump(level: ChangeLevel, version: string): ChangeLevel {
  const match = /^(\d+)\.\d+\.\d+(?:[-+].*)?$/.exec(version);
  if (!match) throw new Error(`not a semver version: "${version}"`);
  if (Number(match[1]) > 0) return level;
  return level === "major" ? "minor" : "patch";
}

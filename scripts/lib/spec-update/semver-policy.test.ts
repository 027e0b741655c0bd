import { describe, expect, it } from "vitest";
import { bumpVersion, satisfiesCaret } from "../../release/bump-policy.ts";
import { releaseBump } from "./semver-policy.ts";

describe("releaseBump while the package is 0.x", () => {
  it("releases a breaking change as a minor, outside the users' caret range", () => {
    expect(releaseBump("major", "0.3.1")).toBe("minor");
    expect(satisfiesCaret(bumpVersion("0.3.1", releaseBump("major", "0.3.1")), "0.3.1")).toBe(false);
  });

  it("releases additions and documentation as patches, inside the users' caret range", () => {
    expect(releaseBump("minor", "0.3.1")).toBe("patch");
    expect(releaseBump("patch", "0.3.1")).toBe("patch");
    expect(satisfiesCaret(bumpVersion("0.3.1", releaseBump("minor", "0.3.1")), "0.3.1")).toBe(true);
  });

  it("never takes a 0.x package to 1.0.0", () => {
    for (const level of ["major", "minor", "patch"] as const) {
      expect(bumpVersion("0.1.0", releaseBump(level, "0.1.0")).startsWith("0.")).toBe(true);
    }
  });
});

describe("releaseBump from 1.0.0 on", () => {
  it("releases breaking as major, additive as minor and documentation as patch", () => {
    expect(releaseBump("major", "1.0.0")).toBe("major");
    expect(releaseBump("minor", "1.4.2")).toBe("minor");
    expect(releaseBump("patch", "2.0.0")).toBe("patch");
    expect(satisfiesCaret(bumpVersion("1.4.2", releaseBump("major", "1.4.2")), "1.4.2")).toBe(false);
    expect(satisfiesCaret(bumpVersion("1.4.2", releaseBump("minor", "1.4.2")), "1.4.2")).toBe(true);
  });

  it("names a version it cannot read", () => {
    expect(() => releaseBump("major", "latest")).toThrow('not a semver version: "latest"');
  });
});

import { describe, expect, it } from "vitest";
import { bumpVersion, expectedDependentBump, maxBump, satisfiesCaret } from "./bump-policy.ts";

describe("bumpVersion", () => {
  it("increments major, minor and patch like changesets", () => {
    expect(bumpVersion("0.1.0", "minor")).toBe("0.2.0");
    expect(bumpVersion("0.2.3", "patch")).toBe("0.2.4");
    expect(bumpVersion("1.2.3", "major")).toBe("2.0.0");
  });

  it("rejects versions that are not plain x.y.z", () => {
    expect(() => bumpVersion("1.0.0-beta.1", "patch")).toThrow(/not a plain x\.y\.z/);
  });
});

describe("satisfiesCaret", () => {
  it("treats ^0.y.z as locked to the minor and ^x.y.z as locked to the major", () => {
    expect(satisfiesCaret("0.2.1", "0.2.0")).toBe(true);
    expect(satisfiesCaret("0.3.0", "0.2.0")).toBe(false);
    expect(satisfiesCaret("1.9.0", "1.2.0")).toBe(true);
    expect(satisfiesCaret("2.0.0", "1.2.0")).toBe(false);
    expect(satisfiesCaret("1.1.9", "1.2.0")).toBe(false);
    expect(satisfiesCaret("0.0.4", "0.0.3")).toBe(false);
  });
});

describe("expectedDependentBump", () => {
  it("releases nothing when the dependency stays inside the caret range", () => {
    expect(expectedDependentBump("dependencies", "patch", "0.2.0")).toBe("none");
    expect(expectedDependentBump("dependencies", "minor", "1.2.0")).toBe("none");
    expect(expectedDependentBump("peerDependencies", "minor", "1.2.0")).toBe("none");
  });

  it("patch-releases a dependent when the dependency leaves the range", () => {
    expect(expectedDependentBump("dependencies", "minor", "0.2.0")).toBe("patch");
    expect(expectedDependentBump("optionalDependencies", "major", "1.0.0")).toBe("patch");
  });

  it("major-releases a peer dependent only when the peer leaves the range", () => {
    expect(expectedDependentBump("peerDependencies", "minor", "0.2.0")).toBe("major");
    expect(expectedDependentBump("peerDependencies", "major", "1.0.0")).toBe("major");
  });

  it("keeps the larger bump", () => {
    expect(maxBump("patch", "minor")).toBe("minor");
    expect(maxBump("none", "patch")).toBe("patch");
    expect(maxBump("major", "none")).toBe("major");
  });
});

import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { commitStagedFiles } from "./transaction.ts";

const dirs: string[] = [];
function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), "scope-tx-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("commitStagedFiles", () => {
  it("writes every file and swaps the generated folder", () => {
    const root = scratch();
    writeFileSync(join(root, "a.txt"), "old a");
    mkdirSync(join(root, "pkg/src/generated"), { recursive: true });
    writeFileSync(join(root, "pkg/src/generated/x.gen.ts"), "old x");
    commitStagedFiles(
      [
        { path: join(root, "a.txt"), contents: "new a" },
        { path: join(root, "sub/b.txt"), contents: Buffer.from("new b") },
      ],
      { packageDir: join(root, "pkg"), files: [{ path: "src/generated/y.gen.ts", contents: "new y" }] },
    );
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("new a");
    expect(readFileSync(join(root, "sub/b.txt"), "utf8")).toBe("new b");
    expect(readdirSync(join(root, "pkg/src/generated"))).toEqual(["y.gen.ts"]);
    expect(readdirSync(root).sort()).toEqual(["a.txt", "pkg", "sub"]);
  });

  it("restores every file and the generated folder when a later swap fails", () => {
    const root = scratch();
    writeFileSync(join(root, "a.txt"), "old a");
    mkdirSync(join(root, "pkg/src/generated"), { recursive: true });
    writeFileSync(join(root, "pkg/src/generated/x.gen.ts"), "old x");
    const failOn = join(root, "third.txt");
    const rename = (from: string, to: string) => {
      if (to === failOn) throw new Error("disk full");
      renameSync(from, to);
    };
    expect(() =>
      commitStagedFiles(
        [
          { path: join(root, "a.txt"), contents: "new a" },
          { path: join(root, "new.txt"), contents: "new" },
          { path: failOn, contents: "cannot land" },
        ],
        { packageDir: join(root, "pkg"), files: [{ path: "src/generated/y.gen.ts", contents: "new y" }] },
        { rename },
      ),
    ).toThrow("disk full");
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("old a");
    expect(existsSync(join(root, "new.txt"))).toBe(false);
    expect(readdirSync(join(root, "pkg/src/generated"))).toEqual(["x.gen.ts"]);
    expect(readFileSync(join(root, "pkg/src/generated/x.gen.ts"), "utf8")).toBe("old x");
    expect(readdirSync(root).sort()).toEqual(["a.txt", "pkg"]);
    expect(readdirSync(join(root, "pkg/src")).sort()).toEqual(["generated"]);
  });

  it("deletes a file staged with null contents, and restores it when a later swap fails", () => {
    const root = scratch();
    writeFileSync(join(root, "old.yaml"), "old spec");
    commitStagedFiles([
      { path: join(root, "old.yaml"), contents: null },
      { path: join(root, "new.json"), contents: "{}" },
    ]);
    expect(readdirSync(root).sort()).toEqual(["new.json"]);

    writeFileSync(join(root, "old.yaml"), "old spec");
    const failOn = join(root, "last.txt");
    const rename = (from: string, to: string) => {
      if (to === failOn) throw new Error("disk full");
      renameSync(from, to);
    };
    expect(() =>
      commitStagedFiles(
        [
          { path: join(root, "old.yaml"), contents: null },
          { path: failOn, contents: "cannot land" },
        ],
        undefined,
        { rename },
      ),
    ).toThrow("disk full");
    expect(readFileSync(join(root, "old.yaml"), "utf8")).toBe("old spec");
    expect(readdirSync(root).sort()).toEqual(["new.json", "old.yaml"]);
  });
});

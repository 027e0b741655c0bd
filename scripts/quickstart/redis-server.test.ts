import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startRedisServer } from "../../packages/token-store-redis/test/redis-server.ts";
import { findRedisServer, INSTALL_COMMAND, MISSING_MESSAGE, redisInstallPlan } from "./redis-server.mjs";

const scratch = mkdtempSync(join(tmpdir(), "quickstart-redis-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fakeBinary(dir: string, mode: number): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "redis-server");
  writeFileSync(file, "#!/bin/sh\nexit 0\n");
  chmodSync(file, mode);
  return file;
}

const fresh = { found: undefined, platform: "linux", isRoot: false, canSudo: false, hasAptGet: true };

describe("redisInstallPlan", () => {
  it("does nothing when redis-server is there", () => {
    expect(redisInstallPlan({ ...fresh, found: "/usr/bin/redis-server" })).toEqual({
      kind: "present",
      path: "/usr/bin/redis-server",
    });
  });

  it("installs Debian's package with apt-get as root, and through sudo -n when sudo needs no password", () => {
    const asRoot = redisInstallPlan({ ...fresh, isRoot: true });
    expect(asRoot).toEqual({
      kind: "install",
      commands: [
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server"],
      ],
    });
    const withSudo = redisInstallPlan({ ...fresh, canSudo: true });
    expect(withSudo.kind === "install" && withSudo.commands.every((c) => c[0] === "sudo" && c[1] === "-n")).toBe(true);
  });

  it("says the one command to run when it may not install (no root, no sudo, no apt-get, not Linux)", () => {
    for (const facts of [fresh, { ...fresh, isRoot: true, hasAptGet: false }, { ...fresh, platform: "darwin" }]) {
      expect(redisInstallPlan(facts)).toEqual({ kind: "manual", message: MISSING_MESSAGE });
    }
    expect(MISSING_MESSAGE).toContain(INSTALL_COMMAND);
  });
});

describe("findRedisServer", () => {
  it("prefers REDIS_SERVER_BIN, then PATH, then a standard location; skips non-executables", () => {
    const onPath = fakeBinary(join(scratch, "path-bin"), 0o755);
    const standard = fakeBinary(join(scratch, "usr-bin"), 0o755);
    const notExecutable = fakeBinary(join(scratch, "noexec"), 0o644);
    expect(findRedisServer({ REDIS_SERVER_BIN: "/custom/redis", PATH: join(scratch, "path-bin") }, [standard])).toBe(
      "/custom/redis",
    );
    expect(findRedisServer({ PATH: `${join(scratch, "noexec")}:${join(scratch, "path-bin")}` }, [standard])).toBe(
      onPath,
    );
    expect(findRedisServer({ PATH: join(scratch, "empty") }, [notExecutable, standard])).toBe(standard);
    expect(findRedisServer({ PATH: "" }, [notExecutable])).toBeUndefined();
  });
});

describe("the Redis store's test server without redis-server", () => {
  it("fails with the install command instead of skipping", async () => {
    process.env.REDIS_SERVER_BIN = join(scratch, "missing", "redis-server");
    try {
      await expect(startRedisServer()).rejects.toThrow(INSTALL_COMMAND);
    } finally {
      delete process.env.REDIS_SERVER_BIN;
    }
  });
});

/**
 * Where redis-server is, and how the quickstart provides it. Plain Node (no dependencies): the
 * quickstart runs before anything is installed, and the Redis store's tests use the same lookup.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** Where Debian's package (and Homebrew, and a source build) put redis-server. */
export const STANDARD_LOCATIONS = [
  "/usr/bin/redis-server",
  "/usr/local/bin/redis-server",
  "/opt/homebrew/bin/redis-server",
];

/** The one command a user without root runs to get redis-server on Debian/Ubuntu. */
export const INSTALL_COMMAND = "sudo apt-get update && sudo apt-get install -y redis-server";

/** What the Redis tests and the quickstart print when redis-server is missing. */
export const MISSING_MESSAGE = `redis-server is not installed; the @scope/token-store-redis tests run a real one. Install it with:\n  ${INSTALL_COMMAND}\n(or set REDIS_SERVER_BIN to a redis-server binary), then run \`pnpm test\` again.`;

function isExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The redis-server to run: $REDIS_SERVER_BIN, else the first on PATH, else a standard location. */
export function findRedisServer(env = process.env, locations = STANDARD_LOCATIONS) {
  if (env.REDIS_SERVER_BIN) return env.REDIS_SERVER_BIN;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir !== "" && isExecutable(join(dir, "redis-server"))) return join(dir, "redis-server");
  }
  return locations.find(isExecutable);
}

/**
 * How to provide redis-server: nothing when found; Debian's package through apt-get when we are root
 * or may sudo without a password; otherwise a message with the one command to run.
 */
export function redisInstallPlan({ found, platform, isRoot, canSudo, hasAptGet }) {
  if (found !== undefined) return { kind: "present", path: found };
  if (platform === "linux" && hasAptGet && (isRoot || canSudo)) {
    const prefix = isRoot ? [] : ["sudo", "-n"];
    return {
      kind: "install",
      commands: [
        [...prefix, "apt-get", "update", "-qq"],
        [...prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", "redis-server"],
      ],
    };
  }
  return { kind: "manual", message: MISSING_MESSAGE };
}

/** Facts about this machine that redisInstallPlan needs. */
export function machineFacts(env = process.env) {
  const succeeds = (cmd, args) => {
    try {
      execFileSync(cmd, args, { stdio: "ignore", env });
      return true;
    } catch {
      return false;
    }
  };
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return {
    found: findRedisServer(env),
    platform: process.platform,
    isRoot,
    canSudo: !isRoot && succeeds("sudo", ["-n", "true"]),
    hasAptGet: succeeds("apt-get", ["--version"]),
  };
}

/**
 * `npm run quickstart`: from a machine with only Node 20 and npm, installs the pinned pnpm, provides
 * redis-server (Debian's package when root or with passwordless sudo; otherwise says the one command
 * to run), installs every dependency, generates and builds all packages, and runs the demo.
 * Plain Node on purpose: nothing else is installed yet.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findRedisServer, MISSING_MESSAGE, machineFacts, redisInstallPlan } from "./redis-server.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const started = Date.now();

function step(title) {
  console.log(`\n=== ${title} (${Math.round((Date.now() - started) / 1000)}s)`);
}

function run(cmd, args) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (result.error) throw new Error(`cannot run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${[cmd, ...args].join(" ")} exited with ${result.status ?? result.signal}`);
}

function pnpmVersion() {
  try {
    return execFileSync("pnpm", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/** Provides redis-server if we can; returns the message to repeat at the end if we cannot. */
function provideRedis() {
  const plan = redisInstallPlan(machineFacts());
  if (plan.kind === "present") {
    console.log(`redis-server: ${plan.path}`);
    return undefined;
  }
  if (plan.kind === "install") {
    try {
      for (const [cmd, ...args] of plan.commands) run(cmd, args);
    } catch (error) {
      // No mirror reachable, a held package...: the rest of the quickstart still works.
      console.warn(`could not install redis-server: ${error instanceof Error ? error.message : String(error)}`);
    }
    const installed = findRedisServer();
    if (installed !== undefined) {
      console.log(`redis-server: ${installed}`);
      return undefined;
    }
    console.warn(`\nWARNING: ${MISSING_MESSAGE}\n`);
    return MISSING_MESSAGE;
  }
  console.warn(`\nWARNING: ${plan.message}\n`);
  return plan.message;
}

try {
  const wanted = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
  step(`pnpm (${wanted})`);
  if (pnpmVersion() !== wanted.split("@")[1]) run("npm", ["install", "-g", wanted, "--no-fund", "--no-audit"]);
  step("redis-server (for the @scope/token-store-redis tests)");
  const redisMissing = provideRedis();
  step("install (frozen lockfile)");
  run("pnpm", ["install", "--frozen-lockfile"]);
  step("generate + build");
  run("pnpm", ["build"]);
  step("demo");
  run("pnpm", ["demo"]);
  console.log(`\nquickstart done in ${Math.round((Date.now() - started) / 1000)}s. Next: pnpm test`);
  if (redisMissing !== undefined) console.warn(`\nWARNING: ${redisMissing}`);
} catch (error) {
  console.error(`\nquickstart failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

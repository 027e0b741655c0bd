/** The few git commands the upstream watch runs, in one repository, failing with git's own message. */
import { execFileSync } from "node:child_process";

/** A git command of the watch failed, or the checkout is not fit to run it; the message says which. */
export class WatchError extends Error {
  override name = "WatchError";
}

/** Who the watch commits as (the workflow's pull requests show this author). */
export const WATCH_AUTHOR = [
  "-c",
  "user.name=scope-sdks specs watch",
  "-c",
  "user.email=specs-watch@users.noreply.github.com",
];

/** Runs `git <args>` in `cwd` and returns its trimmed output. */
export function git(cwd: string, ...args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new WatchError(`git ${args.join(" ")} failed${stderr ? `: ${stderr}` : ""}`);
  }
}

/** True when the working tree has no changes (tracked or untracked, ignored files aside). */
export function isClean(cwd: string): boolean {
  return git(cwd, "status", "--porcelain").length === 0;
}

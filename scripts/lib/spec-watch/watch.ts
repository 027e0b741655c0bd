/**
 * The upstream watch: for every registry provider with an `upstreamUrl`, runs the spec update on a
 * branch of its own (`specs-watch/<id>`) cut from the base; a changed document becomes one commit
 * (spec, registry, generated code, changeset) pushed to the remote, plus a pull-request body file.
 * An unchanged or unreachable upstream leaves no branch behind and says why.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRegistry } from "../registry.ts";
import { renderChangeList } from "../spec-diff/index.ts";
import { groupChanges } from "../spec-update/changeset.ts";
import { type UpdateSpecResult, updateSpec } from "../spec-update/update.ts";
import { git, isClean, WATCH_AUTHOR, WatchError } from "./git.ts";

/** Options of {@link watchUpstreams}. */
export interface WatchOptions {
  /** A git checkout of the repository with a clean working tree. */
  root: string;
  /** Branch the update branches are cut from (default `main`). */
  base?: string;
  /** Remote the branches are pushed to (default `origin`). */
  remote?: string;
  /** Folder for the pull-request body files and `pull-requests.json`. */
  outDir: string;
  /** Run each package's typecheck and tests against the new code (default true). */
  runChecks?: boolean;
  /** Build the new code and update its API report in the same commit (default true). */
  apiReport?: boolean;
  /** Only these provider ids (default: every provider with an `upstreamUrl`). */
  providers?: string[];
  /** Timeout of each upstream fetch in milliseconds (default: the spec update's, 30 s). */
  fetchTimeoutMs?: number;
}

/** What the watch did for one provider. */
export type WatchOutcome =
  | { provider: string; status: "unchanged"; message: string }
  | { provider: string; status: "failed"; message: string }
  | {
      provider: string;
      status: "updated";
      message: string;
      branch: string;
      commit: string;
      title: string;
      bodyFile: string;
    };

/** The pull-request text: the changeset's headline and list, the bump, and where the document came from. */
function pullRequestBody(result: UpdateSpecResult & { status: "updated" }, root: string, upstream: string): string {
  const changeset = readFileSync(join(root, result.changesetFile), "utf8").replace(/^---\n[\s\S]*?\n---\n\n/, "");
  return [
    `Automated by the upstream watch (\`scripts/specs-watch.ts\`) from ${upstream}.`,
    "",
    `**Bump:** \`${result.bump}\` for \`${result.packageName}@${result.version}\` (the classifier's verdict: ${result.changeLevel}).`,
    "",
    changeset.trimEnd(),
    "",
    "<details><summary>Every change</summary>",
    "",
    renderChangeList(result.changes),
    "",
    "</details>",
    "",
  ].join("\n");
}

async function watchOne(options: WatchOptions, id: string, upstream: string): Promise<WatchOutcome> {
  const { root } = options;
  const base = options.base ?? "main";
  const branch = `specs-watch/${id}`;
  git(root, "switch", "--quiet", "-C", branch, base);
  let result: UpdateSpecResult;
  try {
    result = await updateSpec({
      provider: id,
      root,
      runChecks: options.runChecks !== false,
      apiReport: options.apiReport !== false,
      ...(options.fetchTimeoutMs ? { fetchTimeoutMs: options.fetchTimeoutMs } : {}),
    });
  } catch (error) {
    git(root, "switch", "--quiet", base);
    git(root, "branch", "--quiet", "-D", branch);
    const reason = error instanceof Error ? error.message : String(error);
    return { provider: id, status: "failed", message: `${id}: no update from ${upstream}: ${reason}` };
  }
  if (result.status === "unchanged") {
    git(root, "switch", "--quiet", base);
    git(root, "branch", "--quiet", "-D", branch);
    return {
      provider: id,
      status: "unchanged",
      message: `${id}: upstream unchanged (${result.specFile}, sha256 ${result.sha256.slice(0, 12)}); no branch`,
    };
  }
  const title = `${result.packageName}: upstream OpenAPI document changed (${result.bump})`;
  git(root, "add", "--all");
  git(root, ...WATCH_AUTHOR, "commit", "--quiet", "-m", title, "-m", groupChangesSummary(result));
  const commit = git(root, "rev-parse", "HEAD");
  git(root, "push", "--quiet", "--force", options.remote ?? "origin", `${branch}:refs/heads/${branch}`);
  mkdirSync(options.outDir, { recursive: true });
  const bodyFile = join(options.outDir, `${id}.md`);
  writeFileSync(bodyFile, pullRequestBody(result, root, upstream));
  git(root, "switch", "--quiet", base);
  return {
    provider: id,
    status: "updated",
    message: `${id}: ${title} -> branch ${branch}`,
    branch,
    commit,
    title,
    bodyFile,
  };
}

function groupChangesSummary(result: UpdateSpecResult & { status: "updated" }): string {
  return renderChangeList(groupChanges(result.changes));
}

/** Runs the watch over the registry's providers, one branch per changed provider; writes `pull-requests.json`. */
export async function watchUpstreams(options: WatchOptions): Promise<WatchOutcome[]> {
  if (!isClean(options.root)) {
    throw new WatchError(`${options.root}: the working tree has changes; the watch needs a clean checkout`);
  }
  const outcomes: WatchOutcome[] = [];
  for (const entry of readRegistry(options.root).providers) {
    if (options.providers && !options.providers.includes(entry.id)) continue;
    if (!entry.upstreamUrl) continue;
    outcomes.push(await watchOne(options, entry.id, entry.upstreamUrl));
  }
  mkdirSync(options.outDir, { recursive: true });
  const pullRequests = outcomes.flatMap((outcome) =>
    outcome.status === "updated"
      ? [{ provider: outcome.provider, branch: outcome.branch, title: outcome.title, bodyFile: outcome.bodyFile }]
      : [],
  );
  writeFileSync(join(options.outDir, "pull-requests.json"), `${JSON.stringify(pullRequests, null, 2)}\n`);
  return outcomes;
}

import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createTempRepo, type TempRepo } from "../testing/temp-repo.ts";
import { WatchError } from "./git.ts";
import { type WatchOutcome, watchUpstreams } from "./watch.ts";

// End to end on loopback: a local HTTP server plays the providers' upstreams (Duro changed, Dollr
// unchanged, Turris failing) and a local bare repository plays the GitHub remote.
let repo: TempRepo;
let server: Server;
let remote: string;
let outDir: string;
let mainCommit: string;
let outcomes: WatchOutcome[];

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.test", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();

/** Duro's vendored document with one more operation and a new version: an additive change. */
function changedDuro(text: string): string {
  const document = parse(text) as { info: { version: string }; paths: Record<string, unknown> };
  document.info.version = "9.9.9";
  document.paths["/v1/watch-probe"] = {
    get: { operationId: "watchProbe", summary: "Probe", responses: { "204": { description: "ok" } } },
  };
  return stringify(document);
}

beforeAll(async () => {
  repo = createTempRepo();
  const root = repo.root;
  const duroText = changedDuro(readFileSync(join(root, "specs/duro.openapi.yaml"), "utf8"));
  const dollrText = readFileSync(join(root, "specs/dollr.openapi.yaml"));
  server = createServer((request, response) => {
    if (request.url === "/duro") response.writeHead(200, { "content-type": "application/yaml" }).end(duroText);
    else if (request.url === "/dollr") response.writeHead(200, { "content-type": "application/yaml" }).end(dollrText);
    else response.writeHead(503).end("down for maintenance");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const registryFile = join(root, "specs/registry.json");
  const registry = JSON.parse(readFileSync(registryFile, "utf8")) as {
    providers: { id: string; upstreamUrl?: string }[];
  };
  for (const provider of registry.providers) provider.upstreamUrl = `${base}/${provider.id}`;
  writeFileSync(registryFile, `${JSON.stringify(registry, null, 2)}\n`);

  git(root, "init", "--quiet", "--initial-branch=main");
  appendFileSync(join(root, ".git/info/exclude"), "node_modules\n");
  git(root, "add", "--all");
  git(root, "commit", "--quiet", "-m", "repository with loopback upstreams");
  mainCommit = git(root, "rev-parse", "HEAD");
  remote = join(repo.scratch, "remote.git");
  git(repo.scratch, "init", "--quiet", "--bare", remote);
  git(root, "remote", "add", "origin", remote);
  git(root, "push", "--quiet", "origin", "main");

  outDir = join(repo.scratch, "watch-out");
  // The package checks and the API report are proven by the specs:update tests; here they would only
  // add minutes.
  outcomes = await watchUpstreams({ root, outDir, runChecks: false, apiReport: false });
}, 300_000);

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  repo?.dispose();
});

describe("specs:watch against a loopback upstream and a local bare remote", () => {
  it("pushes exactly one branch, for the provider whose document changed", () => {
    const heads = git(repo.root, "ls-remote", "--heads", remote)
      .split("\n")
      .map((line) => line.split("\t")[1]);
    expect(heads.sort()).toEqual(["refs/heads/main", "refs/heads/specs-watch/duro"]);
    expect(outcomes.map((outcome) => [outcome.provider, outcome.status])).toEqual([
      ["dollr", "unchanged"],
      ["turris", "failed"],
      ["duro", "updated"],
    ]);
  });

  it("commits the spec, registry, generated code and a changeset on top of main", () => {
    const branch = git(remote, "rev-parse", "refs/heads/specs-watch/duro");
    const updated = outcomes.find((outcome) => outcome.status === "updated");
    expect(updated && "commit" in updated ? updated.commit : undefined).toBe(branch);
    expect(git(remote, "rev-parse", `${branch}^`)).toBe(mainCommit);
    const files = git(remote, "diff", "--name-only", mainCommit, branch).split("\n").sort();
    const changeset = files.find((file) => file.startsWith(".changeset/duro-spec-"));
    expect(files).toEqual(
      [
        changeset,
        "packages/duro/src/generated/openapi.gen.ts",
        "packages/duro/src/generated/responses.zod.gen.ts",
        "packages/duro/src/generated/spec.gen.ts",
        "specs/duro.openapi.yaml",
        "specs/registry.json",
      ].sort(),
    );
    const text = git(remote, "show", `${branch}:${changeset}`);
    expect(text.startsWith('---\n"@scope/duro": patch\n---\n')).toBe(true);
    expect(text).toContain("- Added operation `GET /v1/watch-probe`");
    expect(git(remote, "log", "-1", "--format=%s%n%an", branch)).toBe(
      "@scope/duro: upstream OpenAPI document changed (patch)\nscope-sdks specs watch",
    );
  });

  it("writes the pull-request body with the bump and the change summary, and lists it", () => {
    const listed = JSON.parse(readFileSync(join(outDir, "pull-requests.json"), "utf8"));
    expect(listed).toEqual([
      {
        provider: "duro",
        branch: "specs-watch/duro",
        title: "@scope/duro: upstream OpenAPI document changed (patch)",
        bodyFile: join(outDir, "duro.md"),
      },
    ]);
    const body = readFileSync(join(outDir, "duro.md"), "utf8");
    expect(body).toContain("**Bump:** `patch` for `@scope/duro@0.1.0` (the classifier's verdict: minor).");
    expect(body).toMatch(/Duro API [^ ]+ -> 9\.9\.9: 1 addition and 1 documentation change, reaching 1 operation\./);
    expect(existsSync(join(outDir, "dollr.md")) || existsSync(join(outDir, "turris.md"))).toBe(false);
  });

  it("says why there is no branch for an unchanged or failing upstream, and leaves the checkout on main, clean", () => {
    const message = (id: string) => outcomes.find((outcome) => outcome.provider === id)?.message;
    expect(message("dollr")).toMatch(
      /^dollr: upstream unchanged \(specs\/dollr\.openapi\.yaml, sha256 [0-9a-f]{12}\); no branch$/,
    );
    expect(message("turris")).toMatch(
      /^turris: no update from http:\/\/127\.0\.0\.1:\d+\/turris: cannot fetch .*HTTP 503/,
    );
    expect(git(repo.root, "branch", "--show-current")).toBe("main");
    expect(git(repo.root, "status", "--porcelain")).toBe("");
    expect(git(repo.root, "branch", "--list", "specs-watch/*")).toBe("specs-watch/duro");
  });

  it("refuses a checkout with uncommitted changes, naming the problem", async () => {
    const stray = join(repo.root, "stray.txt");
    writeFileSync(stray, "work in progress\n");
    try {
      const error = await watchUpstreams({ root: repo.root, outDir, runChecks: false, apiReport: false }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(WatchError);
      expect((error as Error).message).toBe(
        `${repo.root}: the working tree has changes; the watch needs a clean checkout`,
      );
    } finally {
      rmSync(stray);
    }
  });
});

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../registry.ts";

type Json = Record<string, unknown>;
const workflow = parse(readFileSync(join(repoRoot, ".github/workflows/specs-watch.yml"), "utf8")) as Json;
const job = (workflow.jobs as Json).watch as Json;

describe("the specs-watch workflow", () => {
  it("runs on a schedule and on demand", () => {
    const on = workflow.on as Json;
    expect(on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \S+ \S+ \S+$/) }]);
    expect(on).toHaveProperty("workflow_dispatch");
  });

  it("grants nothing by default and the job only branch pushes and pull requests", () => {
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write" });
  });

  it("pins every action by commit SHA", () => {
    const uses = (job.steps as Json[]).flatMap((step) => (typeof step.uses === "string" ? [step.uses] : []));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it("runs the watch script and opens pull requests from the list it writes", () => {
    const runs = (job.steps as Json[]).map((step) => String(step.run ?? "")).join("\n");
    expect(runs).toContain('pnpm specs:watch --out "$RUNNER_TEMP/specs-watch"');
    expect(runs).toContain("jq -c '.[]' \"$OUT/pull-requests.json\"");
    expect(runs).toContain("gh pr create --base main --head");
  });
});

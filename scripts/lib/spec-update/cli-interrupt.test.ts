import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempRepo, snapshotTree, type TempRepo } from "../testing/temp-repo.ts";

// The command line interrupted while it waits for the upstream: it says nothing changed, and nothing did.
let repo: TempRepo;
let server: Server;
let requested: () => void;
const firstRequest = new Promise<void>((resolve) => {
  requested = resolve;
});

beforeAll(async () => {
  repo = createTempRepo();
  // Answers nothing: the update is still fetching when it is interrupted.
  server = createServer(() => requested());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  repo.dispose();
});

describe("specs:update on Ctrl-C", () => {
  it("prints that nothing was changed, ends by SIGINT and leaves the tree as it was", async () => {
    const before = snapshotTree(repo.root);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.yaml`;
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/specs-update.ts", "duro", "--from", url], {
      cwd: repo.root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
      child.on("exit", (code, signal) => resolve(signal ?? code)),
    );
    await firstRequest;
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    expect(stderr).toContain("specs:update interrupted; nothing was changed (scratch copies removed).");
    expect(snapshotTree(repo.root)).toEqual(before);
  }, 60_000);
});

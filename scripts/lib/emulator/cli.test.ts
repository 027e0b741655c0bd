import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../registry.ts";

const TIMEOUT = 120_000;

describe("emulator CLI", () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await once(child, "exit");
    }
  }, TIMEOUT);

  it(
    "prints its port as JSON, serves stats over HTTP, honours knobs and exits 0 on SIGTERM",
    async () => {
      const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
      const cli = join(repoRoot, "scripts", "lib", "emulator", "cli.ts");
      const started = spawn(tsx, [cli, "--token-lifetime-seconds", "120", "--fail-token-requests", "1"], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      child = started;
      const [line] = (await once(createInterface({ input: started.stdout! }), "line")) as [string];
      const info = JSON.parse(line) as { port: number; url: string; baseUrls: Record<string, string> };
      expect(info.port).toBeGreaterThan(0);
      expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
      const token = (body: unknown) =>
        fetch(`${info.baseUrls.dollr}/v1/jwt/client/obtain/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      expect((await token({ client_id: "a", client_secret: "b" })).status).toBe(503);
      expect(await (await token({ client_id: "a", client_secret: "b" })).json()).toMatchObject({ expires_in: 2 });
      const stats = (await (await fetch(`${info.url}/__emulator/stats`)).json()) as {
        dollr: { tokenRequests: number; injectedFailures: number };
      };
      expect(stats.dollr).toMatchObject({ tokenRequests: 2, injectedFailures: 1 });
      started.kill("SIGTERM");
      const [code] = (await once(started, "exit")) as [number | null];
      expect(code).toBe(0);
    },
    TIMEOUT,
  );
});

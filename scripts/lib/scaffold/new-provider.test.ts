import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type Provider from "oidc-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { listPublicPackages } from "../../release/workspace.ts";
import { findDrift } from "../drift.ts";
import { readRegistry, repoRoot } from "../registry.ts";
import { runPackageScript } from "../spec-update/package-checks.ts";
import { importOidcProvider, quietProviderSettings } from "../testing/oidc-provider.ts";
import { createTempRepo, snapshotTree, type TempRepo } from "../testing/temp-repo.ts";
import { turboDryRun } from "../turbo-dry.ts";
import { NewProviderError, scaffoldProvider } from "./new-provider.ts";
import { recordSizeBudget } from "./size-budget.ts";
import { pascalCase } from "./templates.ts";

const run = promisify(execFile);
const FIXTURE = join(import.meta.dirname, "../../fixtures/new-provider/acme.openapi.yaml");
const UPSTREAM = "https://docs.acme-widgets.test/openapi.yaml";
const CLIENTS = {
  basic: { client_id: "acme-basic", client_secret: "basic-secret" },
  post: { client_id: "acme-post", client_secret: "post-secret" },
};

let repo: TempRepo;
let server: Server;
let provider: Provider;
let issuer: string;

/** oidc-provider on 127.0.0.1 issuing tokens at /oauth2/token; /v1/widgets accepts only tokens it issued. */
async function startAuthorizationServer(): Promise<void> {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = (
    credentials: { client_id: string; client_secret: string },
    method: "client_secret_basic" | "client_secret_post",
  ) => ({
    ...credentials,
    grant_types: ["client_credentials"],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: method,
    scope: "widgets:read widgets:write",
  });
  const OidcProvider = await importOidcProvider();
  provider = new OidcProvider(issuer, {
    ...quietProviderSettings(),
    clients: [client(CLIENTS.basic, "client_secret_basic"), client(CLIENTS.post, "client_secret_post")],
    scopes: ["widgets:read", "widgets:write"],
    features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
    routes: { token: "/oauth2/token" },
  });
  const oidc = provider.callback();
  server.on("request", (request, response) => {
    if (!request.url?.startsWith("/v1/widgets")) return oidc(request, response);
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
    void (token ? provider.ClientCredentials.find(token) : Promise.resolve(undefined)).then((grant) => {
      response.writeHead(grant ? 200 : 401, { "content-type": "application/json" });
      response.end(
        JSON.stringify(grant ? { data: [{ id: "w1", name: `for ${grant.clientId}` }] } : { error: "unauthorized" }),
      );
    });
  });
}

beforeAll(async () => {
  repo = createTempRepo();
  await startAuthorizationServer();
}, 60_000);

afterAll(async () => {
  repo.dispose();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("pascalCase", () => {
  it("turns ids into type-name prefixes", () => {
    expect(pascalCase("acme")).toBe("Acme");
    expect(pascalCase("acme-pay-2")).toBe("AcmePay2");
  });
});

describe("scaffoldProvider refuses bad input and leaves the tree untouched", () => {
  const cases: [string, () => Parameters<typeof scaffoldProvider>[0], string | RegExp][] = [
    [
      "an existing provider",
      () => ({ id: "duro", spec: FIXTURE, upstreamUrl: UPSTREAM }),
      /already in specs\/registry\.json/,
    ],
    ["an invalid id", () => ({ id: "Acme", spec: FIXTURE, upstreamUrl: UPSTREAM }), /"Acme" is not a valid id/],
    ["a local spec without an upstream URL", () => ({ id: "acme", spec: FIXTURE }), /pass --upstream-url/],
    [
      "a token path that is not an RFC 6749 endpoint",
      () => ({ id: "acme", spec: FIXTURE, upstreamUrl: UPSTREAM, tokenPath: "/v1/widgets" }),
      "token operation POST /v1/widgets does not take application/x-www-form-urlencoded: it is not an RFC 6749 token endpoint",
    ],
    [
      "a document with lint errors",
      () => {
        const file = join(repo.scratch, "lint.yaml");
        writeFileSync(file, readFileSync(FIXTURE, "utf8").replace("      summary: List widgets\n", ""));
        return { id: "acme", spec: file, upstreamUrl: UPSTREAM };
      },
      /fails lint \(redocly recommended\):\n {2}specs\/acme\.openapi\.yaml:\d+:\d+ error operation-summary: .*\n.*--allow-lint-errors/,
    ],
  ];
  for (const [name, options, message] of cases) {
    it(`rejects ${name}`, async () => {
      const before = snapshotTree(repo.root);
      await expect(scaffoldProvider({ ...options(), root: repo.root })).rejects.toThrow(
        typeof message === "string" ? new NewProviderError(message) : message,
      );
      expect(snapshotTree(repo.root)).toEqual(before);
    });
  }
});

describe("new-provider end to end (temp copy of the repository)", () => {
  it("scaffolds a package that turbo, the drift check, the emulator and the release list pick up, that lints, builds, passes the shared provider suite, publint and attw, and authenticates against oidc-provider", async () => {
    const result = await scaffoldProvider({
      id: "acme",
      title: "Acme Widgets",
      spec: FIXTURE,
      upstreamUrl: UPSTREAM,
      root: repo.root,
      today: "2030-01-02",
    });
    expect(result.written).toEqual([
      "specs/acme.openapi.yaml",
      "specs/registry.json",
      "packages/acme/package.json",
      "packages/acme/tsconfig.json",
      "packages/acme/turbo.json",
      "packages/acme/vitest.config.ts",
      "packages/acme/README.md",
      "packages/acme/src/index.ts",
      "packages/acme/src/options.ts",
      "packages/acme/src/client.ts",
      "packages/acme/src/testing.ts",
      "packages/acme/src/testing-server.ts",
      "packages/acme/src/mock-server-cli.ts",
      "packages/acme/bin/acme-mock.js",
      "packages/acme/src/validation.ts",
      "packages/acme/src/client.test.ts",
      "packages/acme/src/generated/openapi.gen.ts",
      "packages/acme/src/generated/spec.gen.ts",
      "packages/acme/src/generated/responses.zod.gen.ts",
    ]);
    expect(readFileSync(join(repo.root, "specs/acme.openapi.yaml"))).toEqual(readFileSync(FIXTURE));
    const entry = readRegistry(repo.root).providers.at(-1);
    expect(entry).toMatchObject({
      id: "acme",
      packageName: "@scope/acme",
      title: "Acme Widgets",
      fetchedAt: "2030-01-02",
      tokenOperation: { method: "post", path: "/oauth2/token", requestMediaType: "application/x-www-form-urlencoded" },
    });
    // The drift check (which CI runs) covers the new provider with no further edits.
    const scratch = mkdtempSync(join(tmpdir(), "scope-drift-acme-"));
    try {
      expect(await findDrift(readRegistry(repo.root), repo.root, scratch)).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    // Turbo and the release tooling find it through the workspace.
    const generateTasks = turboDryRun("generate", repo.root).filter((task) => task.hasCommand);
    expect(generateTasks.map((task) => task.taskId)).toContain("@scope/acme#generate");
    expect((await listPublicPackages(repo.root)).map((pkg) => pkg.name)).toContain("@scope/acme");

    // `pnpm install` would link the workspace dependency; the copy links it by hand.
    const packageDir = join(repo.root, "packages/acme");
    mkdirSync(join(packageDir, "node_modules/@scope"), { recursive: true });
    symlinkSync(join(repoRoot, "packages/auth-core"), join(packageDir, "node_modules/@scope/auth-core"), "dir");

    await run(join(repoRoot, "node_modules/.bin/biome"), ["check", "packages/acme"], { cwd: repo.root });
    // Assembled like the hand-tuned providers: its test is the shared provider suite (msw + emulator).
    expect(readFileSync(join(packageDir, "src/client.test.ts"), "utf8")).toContain("describeProviderClient({");
    for (const script of ["typecheck", "test", "build", "check:package"]) {
      await runPackageScript({ root: repo.root, packageDir, script });
    }
    // The copy's emulator serves the new provider from the registry alone (scripts/ were not edited).
    const copyEmulator = (await import(pathToFileURL(join(repo.root, "scripts/lib/emulator/server.ts")).href)) as {
      startEmulator(): Promise<{ providers: readonly string[]; close(): Promise<void> }>;
    };
    const emulator = await copyEmulator.startEmulator();
    try {
      expect(emulator.providers).toEqual([...readRegistry(repoRoot).providers.map((p) => p.id), "acme"]);
    } finally {
      await emulator.close();
    }

    const budgetFile = join(repo.root, "scripts/size-budget.json");
    const budgets = () =>
      (JSON.parse(readFileSync(budgetFile, "utf8")) as { packages: Record<string, unknown> }).packages;
    const budgetsBefore = budgets();
    const bytes = await recordSizeBudget(repo.root, "@scope/acme");
    expect(budgets()).toEqual({ ...budgetsBefore, "@scope/acme": { gzipBytes: bytes } });
    expect(bytes).toBeGreaterThan(1000);

    const built = (await import(pathToFileURL(join(packageDir, "dist/index.js")).href)) as {
      createAcmeClient(options: Record<string, unknown>): {
        GET(path: "/v1/widgets"): Promise<{ data?: unknown; error?: unknown; response: Response }>;
      };
    };
    const basic = built.createAcmeClient({ ...credentials(CLIENTS.basic), baseUrl: issuer });
    const first = await basic.GET("/v1/widgets");
    expect(first.response.status).toBe(200);
    expect(first.data).toEqual({ data: [{ id: "w1", name: "for acme-basic" }] });

    const post = built.createAcmeClient({
      ...credentials(CLIENTS.post),
      baseUrl: issuer,
      tokenAuthMethod: "client_secret_post",
      scope: "widgets:read",
    });
    expect((await post.GET("/v1/widgets")).data).toEqual({ data: [{ id: "w1", name: "for acme-post" }] });

    const wrong = built.createAcmeClient({ clientId: "acme-basic", clientSecret: "wrong", baseUrl: issuer });
    const failure = await wrong.GET("/v1/widgets").catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: "TokenRequestError", status: 401, code: "invalid_client" });
    expect(String(failure)).not.toContain("wrong");
  }, 240_000);
});

function credentials(client: { client_id: string; client_secret: string }) {
  return { clientId: client.client_id, clientSecret: client.client_secret };
}

describe("new-provider keeps the document's own format", () => {
  let jsonRepo: TempRepo;
  beforeAll(() => {
    jsonRepo = createTempRepo();
  }, 60_000);
  afterAll(() => jsonRepo.dispose());

  it("vendors a JSON document byte for byte as specs/<id>.openapi.json and names that file in the registry", async () => {
    const bytes = `${JSON.stringify(parse(readFileSync(FIXTURE, "utf8")), null, 1)}\n`;
    const file = join(jsonRepo.scratch, "published-openapi");
    writeFileSync(file, bytes);
    const result = await scaffoldProvider({ id: "jsonco", spec: file, upstreamUrl: UPSTREAM, root: jsonRepo.root });
    expect(result.written[0]).toBe("specs/jsonco.openapi.json");
    expect(readFileSync(join(jsonRepo.root, "specs/jsonco.openapi.json"), "utf8")).toBe(bytes);
    expect(readRegistry(jsonRepo.root).providers.find((entry) => entry.id === "jsonco")?.spec).toBe(
      "jsonco.openapi.json",
    );
  }, 60_000);
});

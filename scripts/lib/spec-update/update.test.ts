import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findDrift } from "../drift.ts";
import { generateProvider } from "../generate-provider.ts";
import { readRegistry, repoRoot, sha256 } from "../registry.ts";
import { scaffoldProvider } from "../scaffold/new-provider.ts";
import { createTempRepo, snapshotTree, type TempRepo } from "../testing/temp-repo.ts";
import { SpecUpdateError, updateSpec } from "./update.ts";

const run = promisify(execFile);
let repo: TempRepo;
let dollrText: string;

/** Dollr's document with one more (authenticated) operation: an additive change. */
function withListPayments(text: string): string {
  return text.replace(
    "components:\n",
    [
      "  /v1/payments:",
      "    get:",
      "      tags:",
      "        - payments",
      "      summary: List Payments",
      "      operationId: list_payments_v1_payments_get",
      "      responses:",
      "        '200':",
      "          description: Successful Response",
      "          content:",
      "            application/json:",
      "              schema:",
      "                type: array",
      "                items:",
      "                  type: string",
      "components:",
      "",
    ].join("\n"),
  );
}

beforeAll(() => {
  repo = createTempRepo();
  dollrText = readFileSync(join(repo.root, "specs/dollr.openapi.yaml"), "utf8");
}, 300_000);
afterAll(() => repo.dispose());

function newDocument(name: string, text: string): string {
  const file = join(repo.scratch, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
}

describe("updateSpec rejects a bad document and leaves the tree untouched", () => {
  const cases: [string, () => string, RegExp][] = [
    [
      "unparseable YAML",
      () => dollrText.replace("paths:\n", "paths:\n  - [unclosed\n"),
      /^specs\/dollr\.openapi\.yaml \(new, from .+\):\d+:\d+: cannot parse: /,
    ],
    [
      "a new lint error",
      () => withListPayments(dollrText).replace("  /v1/payments:", "  /v1/payments/{paymentId}:"),
      /fails lint \(redocly recommended\):\n {2}specs\/dollr\.openapi\.yaml:\d+:\d+ error path-parameters-defined: .*\(#\/paths\/~1v1~1payments~1\{paymentId\}\/get\/parameters\)/,
    ],
    [
      "a token operation that lost a field the dialect reads",
      () =>
        dollrText
          .replace("        - access_token\n        - expires_in\n", "        - access_token\n")
          .replace(/ {8}expires_in:\n( {10}.*\n)+/, ""),
      /the Dollr token dialect cannot handle this document:\n {2}token operation POST \/\{version\}\/jwt\/client\/obtain\/token: response 200 no longer has field `expires_in` that the dialect reads/,
    ],
  ];
  for (const [name, build, message] of cases) {
    it(`rejects ${name}`, async () => {
      const before = snapshotTree(repo.root);
      const from = newDocument(name.replaceAll(" ", "-"), build());
      const error = await updateSpec({ provider: "dollr", from, root: repo.root }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toMatch(message);
      expect(snapshotTree(repo.root)).toEqual(before);
    });
  }

  it("says an identical document is a no-op", async () => {
    const before = snapshotTree(repo.root);
    const result = await updateSpec({ provider: "dollr", from: newDocument("same", dollrText), root: repo.root });
    expect(result).toEqual({
      status: "unchanged",
      provider: "dollr",
      specFile: "specs/dollr.openapi.yaml",
      sha256: sha256(dollrText),
    });
    expect(snapshotTree(repo.root)).toEqual(before);
  });

  it("names unknown providers", async () => {
    await expect(updateSpec({ provider: "nope", from: "x.yaml", root: repo.root })).rejects.toThrow(
      new SpecUpdateError('unknown provider "nope"; specs/registry.json lists: dollr, turris, duro'),
    );
  });
});

describe("updateSpec end to end from a local file (temp copy of the repository)", () => {
  it("vendors the bytes, updates the registry, regenerates only that provider and writes a changeset", async () => {
    const text = withListPayments(dollrText).replace("version: 1.0.0", "version: 1.1.0");
    const from = newDocument("dollr-1.1.0", text);
    const before = snapshotTree(repo.root);
    // Dollr's own suite is large; its package checks run in CI anyway. The checks step is proven on the
    // scaffolded provider below.
    const result = await updateSpec({
      provider: "dollr",
      from,
      root: repo.root,
      today: "2030-01-02",
      runChecks: false,
    });
    if (result.status !== "updated") throw new Error("expected an update");

    expect(readFileSync(join(repo.root, "specs/dollr.openapi.yaml"), "utf8")).toBe(text);
    const entry = readRegistry(repo.root).providers.find((provider) => provider.id === "dollr");
    expect(entry).toMatchObject({ fetchedAt: "2030-01-02", sha256: sha256(text) });
    for (const file of await generateProvider(entry!, { root: repo.root })) {
      expect(readFileSync(join(repo.root, "packages/dollr", file.path), "utf8")).toBe(file.contents);
    }
    expect(readFileSync(join(repo.root, "packages/dollr/src/generated/openapi.gen.ts"), "utf8")).toContain(
      '"/v1/payments"',
    );
    expect(result.checks).toEqual([]);
    // Additive, released as a patch while @scope/dollr is 0.x (see semver-policy.ts).
    expect([result.changeLevel, result.version, result.bump]).toEqual(["minor", "0.1.0", "patch"]);
    expect(entry?.knownLintRules).toEqual(["no-empty-servers"]);
    expect(readFileSync(join(repo.root, result.changesetFile), "utf8")).toBe(
      [
        "---",
        '"@scope/dollr": patch',
        "---",
        "",
        "Dollr API 1.0.0 -> 1.1.0: 1 addition and 1 documentation change, reaching 1 operation.",
        "",
        `Types regenerated from the vendored document (sha256 ${sha256(text).slice(0, 12)}).`,
        "",
        "**Additions**",
        "",
        "- Added operation `GET /v1/payments`",
        "",
        "**Documentation**",
        "",
        "- Document version 1.0.0 -> 1.1.0",
        "",
      ].join("\n"),
    );
    const after = snapshotTree(repo.root);
    const changed = [...after.keys()].filter((file) => before.get(file) !== after.get(file)).sort();
    expect(changed).toEqual(
      [
        result.changesetFile,
        "packages/dollr/src/generated/openapi.gen.ts",
        "packages/dollr/src/generated/responses.zod.gen.ts",
        "packages/dollr/src/generated/spec.gen.ts",
        "specs/dollr.openapi.yaml",
        "specs/registry.json",
      ].sort(),
    );

    // The command line: running it again with the same document is a no-op that says so.
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/specs-update.ts", "dollr", "--from", from],
      {
        cwd: repo.root,
      },
    );
    expect(stdout).toMatch(
      /^specs\/dollr\.openapi\.yaml is already identical to the new document \(sha256 [0-9a-f]{12}\): nothing to do/,
    );
  }, 180_000);

  it("exits non-zero and says nothing changed when the command fails", async () => {
    const from = newDocument("broken", "openapi: 3.1.0\ninfo: {}\n");
    const failure = await run(
      process.execPath,
      ["--import", "tsx", "scripts/specs-update.ts", "turris", "--from", from],
      {
        cwd: repo.root,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain(
      "specs:update failed; nothing was changed.\nspecs/turris.openapi.yaml (new, from",
    );
    expect((failure as { stderr: string }).stderr).toContain("`info.title` and `info.version` are required strings");
  }, 300_000);
});

describe("updateSpec runs the package's typecheck and tests against the new code", () => {
  let acmeRepo: TempRepo;
  const fixture = join(import.meta.dirname, "../../fixtures/new-provider/acme.openapi.yaml");

  beforeAll(async () => {
    acmeRepo = createTempRepo();
    await scaffoldProvider({
      id: "acme",
      spec: fixture,
      upstreamUrl: "https://docs.acme.test/openapi.yaml",
      root: acmeRepo.root,
    });
    const modules = join(acmeRepo.root, "packages/acme/node_modules/@scope");
    mkdirSync(modules, { recursive: true });
    symlinkSync(join(repoRoot, "packages/auth-core"), join(modules, "auth-core"), "dir");
  }, 300_000);
  afterAll(() => acmeRepo.dispose());

  it("passes the checks for a breaking change and writes a minor changeset (0.x)", async () => {
    const text = readFileSync(fixture, "utf8").replace(
      "        - name: limit\n          in: query\n",
      "        - name: limit\n          in: query\n          required: true\n",
    );
    const from = join(acmeRepo.scratch, "acme-limit-required.yaml");
    writeFileSync(from, text);
    // acme resolves @scope/auth-core through the link above, to the repository's own built package, so
    // building the copy's auth-core first would only cost time (repeated-updates.test.ts proves that
    // an update builds the dependencies).
    const result = await updateSpec({
      provider: "acme",
      from,
      root: acmeRepo.root,
      apiReport: true,
      buildDependencies: false,
    });
    if (result.status !== "updated") throw new Error("expected an update");
    expect(result.checks.map((check) => check.script)).toEqual(["typecheck", "test", "build"]);
    // The API report of the new code is part of the same write (the scaffold commits none yet).
    expect(result.apiReports.map((report) => [report.file, report.status])).toContainEqual([
      "packages/acme/review/acme.api.md",
      "missing",
    ]);
    expect(result.written).toContain("packages/acme/review/acme.api.md");
    expect(readFileSync(join(acmeRepo.root, "packages/acme/review/acme.api.md"), "utf8")).toContain(
      "## API Report File",
    );
    expect([result.changeLevel, result.version, result.bump]).toEqual(["major", "0.1.0", "minor"]);
    expect(result.changes.map((change) => change.message)).toEqual([
      "`GET /v1/widgets`: query parameter `limit` is now required",
    ]);
    expect(readFileSync(join(acmeRepo.root, result.changesetFile), "utf8")).toContain('"@scope/acme": minor');
    expect(readFileSync(join(acmeRepo.root, "specs/acme.openapi.yaml"), "utf8")).toBe(text);
  }, 300_000);

  it("with the checks skipped, a build of the new code that fails still leaves the tree untouched", async () => {
    const manifestFile = join(acmeRepo.root, "packages/acme/package.json");
    const manifest = readFileSync(manifestFile, "utf8");
    const text = readFileSync(join(acmeRepo.root, "specs/acme.openapi.yaml"), "utf8").replace(
      "version: 2.0.0",
      "version: 2.0.1",
    );
    const from = join(acmeRepo.scratch, "acme-docs.yaml");
    writeFileSync(from, text);
    const broken = JSON.parse(manifest) as { scripts: Record<string, string> };
    broken.scripts.build = "node -e \"console.error('build broke'); process.exit(3)\"";
    writeFileSync(manifestFile, JSON.stringify(broken));
    try {
      const before = snapshotTree(acmeRepo.root);
      await expect(
        updateSpec({
          provider: "acme",
          from,
          root: acmeRepo.root,
          runChecks: false,
          apiReport: true,
          // auth-core's dist is the repository's (linked); a turbo run would write its cache into the snapshot.
          buildDependencies: false,
        }),
      ).rejects.toThrow(/`build` failed \(exit 3\):\nbuild broke/);
      expect(snapshotTree(acmeRepo.root)).toEqual(before);
    } finally {
      writeFileSync(manifestFile, manifest);
    }
  }, 300_000);

  it("rejects a document that moved the token endpoint, leaving the tree untouched", async () => {
    // The registry's token-operation expectations catch it before generation or any check runs.
    const text = readFileSync(join(acmeRepo.root, "specs/acme.openapi.yaml"), "utf8").replace(
      "/oauth2/token:",
      "/oauth/token:",
    );
    const from = join(acmeRepo.scratch, "acme-moved-token.yaml");
    writeFileSync(from, text);
    const before = snapshotTree(acmeRepo.root);
    await expect(updateSpec({ provider: "acme", from, root: acmeRepo.root })).rejects.toThrow(
      "token operation POST /oauth2/token is missing from the document",
    );
    expect(snapshotTree(acmeRepo.root)).toEqual(before);
  });
});

describe("updateSpec --allow-lint-errors records the accepted rules for the provider", () => {
  let lintRepo: TempRepo;
  beforeAll(() => {
    lintRepo = createTempRepo();
  }, 300_000);
  afterAll(() => lintRepo.dispose());

  /** Dollr's document with `count` operations whose path parameter is never declared (path-parameters-defined). */
  const withUndeclaredPathParameters = (count: number, version: string): string => {
    let text = dollrText.replace("version: 1.0.0", `version: ${version}`);
    for (let index = 0; index < count; index++) {
      text = withListPayments(text)
        .replace("  /v1/payments:", `  /v1/payments${index}/{paymentId}:`)
        .replace("operationId: list_payments_v1_payments_get", `operationId: get_payment_${index}`);
    }
    return text;
  };
  const write = (name: string, text: string) => {
    const file = join(lintRepo.scratch, `${name}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  const dollrEntry = () => readRegistry(lintRepo.root).providers.find((provider) => provider.id === "dollr");

  it("fails on a new rule without the flag, naming the rules already known and the flag", async () => {
    const before = snapshotTree(lintRepo.root);
    const from = write("one", withUndeclaredPathParameters(1, "1.1.0"));
    const error = await updateSpec({ provider: "dollr", from, root: lintRepo.root, runChecks: false }).catch(
      (caught: unknown) => caught as Error,
    );
    expect((error as Error).message).toContain("error path-parameters-defined");
    expect((error as Error).message).toContain(
      "(rules Dollr is known to break: no-empty-servers; pass --allow-lint-errors to accept these rules too",
    );
    expect(snapshotTree(lintRepo.root)).toEqual(before);
  });

  it("accepts it with the flag, records the rule, and later updates breaking it again pass without the flag", async () => {
    const accepted = await updateSpec({
      provider: "dollr",
      from: write("one", withUndeclaredPathParameters(1, "1.1.0")),
      root: lintRepo.root,
      runChecks: false,
      allowLintErrors: true,
    });
    if (accepted.status !== "updated") throw new Error("expected an update");
    expect(accepted.acceptedErrors.map((problem) => problem.ruleId)).toEqual(["path-parameters-defined"]);
    expect(dollrEntry()?.knownLintRules).toEqual(["no-empty-servers", "path-parameters-defined"]);

    const later = await updateSpec({
      provider: "dollr",
      from: write("two", withUndeclaredPathParameters(2, "1.2.0")),
      root: lintRepo.root,
      runChecks: false,
    });
    if (later.status !== "updated") throw new Error("expected an update");
    expect(later.acceptedErrors).toEqual([]);
    expect(later.knownErrors.filter((problem) => problem.ruleId === "path-parameters-defined")).toHaveLength(2);
    expect(dollrEntry()?.knownLintRules).toEqual(["no-empty-servers", "path-parameters-defined"]);
  }, 300_000);
});

describe("updateSpec keeps the document's own format", () => {
  let formatRepo: TempRepo;
  beforeAll(() => {
    formatRepo = createTempRepo();
  }, 300_000);
  afterAll(() => formatRepo.dispose());

  it("vendors a JSON document as <id>.openapi.json byte for byte, removes the YAML copy and stays drift-free", async () => {
    const yamlText = readFileSync(join(formatRepo.root, "specs/duro.openapi.yaml"), "utf8");
    const document = parse(yamlText) as { info: { version: string } };
    document.info.version = "1.0.1";
    const jsonText = `${JSON.stringify(document, null, 2)}\n`;
    const from = join(formatRepo.scratch, "openapi.json");
    writeFileSync(from, jsonText);
    const result = await updateSpec({ provider: "duro", from, root: formatRepo.root, runChecks: false });
    if (result.status !== "updated") throw new Error("expected an update");
    expect(result.specFile).toBe("specs/duro.openapi.json");
    expect(result.written).toContain("specs/duro.openapi.yaml (removed)");
    // Lint locations name the file the document is vendored as now.
    const located = [...result.warnings, ...result.knownErrors];
    expect(located.length).toBeGreaterThan(0);
    expect(new Set(located.map((problem) => problem.file))).toEqual(new Set(["specs/duro.openapi.json"]));
    expect(readFileSync(join(formatRepo.root, "specs/duro.openapi.json"), "utf8")).toBe(jsonText);
    expect(existsSync(join(formatRepo.root, "specs/duro.openapi.yaml"))).toBe(false);
    expect(readRegistry(formatRepo.root).providers.find((entry) => entry.id === "duro")?.spec).toBe(
      "duro.openapi.json",
    );
    expect(readFileSync(join(formatRepo.root, "packages/duro/turbo.json"), "utf8")).toContain(
      '"$TURBO_ROOT$/specs/duro.openapi.json"',
    );
    expect(readFileSync(join(formatRepo.root, "packages/duro/src/generated/openapi.gen.ts"), "utf8")).toContain(
      "from specs/duro.openapi.json",
    );
    const scratch = mkdtempSync(join(tmpdir(), "scope-drift-"));
    try {
      expect(await findDrift(readRegistry(formatRepo.root), formatRepo.root, scratch)).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const again = await updateSpec({ provider: "duro", from, root: formatRepo.root, runChecks: false });
    expect(again.status).toBe("unchanged");
  }, 300_000);
});

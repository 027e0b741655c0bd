/**
 * End-to-end release test (`pnpm test:release`).
 *
 * Copies the committed repository (`git archive HEAD`) into a temp folder, starts Verdaccio on
 * 127.0.0.1 with throwaway storage (everything we do not publish is proxied to the registry npm is
 * configured with), then runs two releases exactly as CI does (`pnpm version-packages`, `pnpm release`):
 * every package minor, then `@scope/auth-core` patch only. After each it installs the target provider
 * ALONE with npm into a fresh folder and checks what arrived, and so each token store
 * (`@scope/token-store-*`, e.g. the Redis and the Durable Object store). A third round (`@scope/auth-core` minor,
 * out of the providers' range) is versioned and packed to check the dependents' bumps and ranges.
 * Every npmrc write goes to a temp user config; the registry is stopped on every path.
 */

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { rootRepository } from "../lib/package-files.ts";
import { clientFactoryName } from "../lib/provider-clients.ts";
import { readRegistry, repoRoot } from "../lib/registry.ts";
import { type BumpType, bumpVersion, type DependencyKind, expectedDependentBump, maxBump } from "./bump-policy.ts";
import { checkConsumerTypes, checkImportAndRequire, checkOnlyWhatIsNeeded, installAlone } from "./consumer.ts";
import { exec, killAllStarted } from "./exec.ts";
import { bytesOnDisk } from "./footprint.ts";
import { downloadTarball, getPackument } from "./registry-client.ts";
import { Report } from "./report.ts";
import {
  filesProblems,
  listTarball,
  metadataProblems,
  readmeProblems,
  readTarballFile,
  readTarballManifest,
  tarballProblems,
} from "./tarball.ts";
import {
  createPublishToken,
  installVerdaccio,
  type RunningRegistry,
  readNpmNetworkConfig,
  startRegistry,
} from "./verdaccio.ts";
import { listPublicPackages, readManifest, scopesOf, type WorkspacePackage } from "./workspace.ts";

const report = new Report("release-e2e");
const INTERNAL_KINDS: readonly DependencyKind[] = ["dependencies", "peerDependencies", "optionalDependencies"];

interface Context {
  copy: string;
  tmp: string;
  env: NodeJS.ProcessEnv;
  registryUrl: string;
  packages: WorkspacePackage[];
  /** Versions we expect the registry to hold, per package. */
  published: Map<string, string[]>;
  target: string;
  factory: string | undefined;
}

/** Internal dependencies of a manifest: name -> kind, for ranges written as `workspace:`. */
function internalDeps(pkg: WorkspacePackage, names: ReadonlySet<string>): Map<string, DependencyKind> {
  const deps = new Map<string, DependencyKind>();
  for (const kind of INTERNAL_KINDS) {
    for (const [name, range] of Object.entries(pkg.manifest[kind] ?? {})) {
      if (names.has(name) && range.startsWith("workspace:")) deps.set(name, kind);
    }
  }
  return deps;
}

/** The bumps our changeset config must produce for a set of changes, dependents included. */
function expectedBumps(
  packages: readonly WorkspacePackage[],
  changes: ReadonlyMap<string, BumpType>,
): Map<string, BumpType> {
  const names = new Set(packages.map((p) => p.name));
  const bumps = new Map(changes);
  let changed = true;
  while (changed) {
    changed = false;
    for (const pkg of packages) {
      if (changes.has(pkg.name)) continue;
      let bump: BumpType | "none" = bumps.get(pkg.name) ?? "none";
      for (const [dep, kind] of internalDeps(pkg, names)) {
        const depBump = bumps.get(dep);
        const depPkg = packages.find((p) => p.name === dep)!;
        if (depBump !== undefined) bump = maxBump(bump, expectedDependentBump(kind, depBump, depPkg.version));
      }
      if (bump !== "none" && bumps.get(pkg.name) !== bump) {
        bumps.set(pkg.name, bump);
        changed = true;
      }
    }
  }
  return bumps;
}

function git(ctx: Context, ...args: string[]): string {
  return execFileSync("git", args, { cwd: ctx.copy, env: ctx.env, encoding: "utf8" });
}

/** Packs every package `version-packages` bumped (no build, no publish) and checks its internal ranges. */
async function packAndCheckRanges(ctx: Context, label: string, before: ReadonlyMap<string, string>): Promise<void> {
  report.step(`${label}: pnpm pack the bumped packages (version-only: no build, no publish)`);
  const names = new Set(ctx.packages.map((p) => p.name));
  const current = new Map(ctx.packages.map((p) => [p.name, p.version]));
  for (const pkg of ctx.packages) {
    if (pkg.version === before.get(pkg.name)) continue;
    const dest = join(ctx.tmp, `pack-${label.replace(/\W+/g, "-")}`, pkg.name.replace(/\W/g, "_"));
    await exec("pnpm", ["pack", "--pack-destination", dest], { cwd: pkg.dir, env: ctx.env });
    const file = readdirSync(dest).find((f) => f.endsWith(".tgz"));
    if (file === undefined) throw new Error(`${pkg.name}: pnpm pack wrote no .tgz`);
    const manifest = readTarballManifest(join(dest, file));
    report.equal(manifest.version, pkg.version, `${label}: packed ${pkg.name} is ${pkg.version}`);
    for (const [dep, kind] of internalDeps(pkg, names)) {
      report.equal(
        manifest[kind]?.[dep],
        `^${current.get(dep)}`,
        `${label}: packed ${pkg.name} ${kind}.${dep} is ^${current.get(dep)}`,
      );
    }
  }
}

/** Writes one changeset, versions it, then publishes it and checks the registry, or only packs the result. */
async function release(
  ctx: Context,
  label: string,
  changes: ReadonlyMap<string, BumpType>,
  mode: "publish" | "version-only",
): Promise<void> {
  report.step(`${label}: changeset ${[...changes].map(([n, t]) => `${n}:${t}`).join(", ")}`);
  const bumps = expectedBumps(ctx.packages, changes);
  const expected = new Map(ctx.packages.map((p) => [p.name, p.version]));
  for (const [name, type] of bumps) expected.set(name, bumpVersion(expected.get(name)!, type));

  const frontMatter = [...changes].map(([name, type]) => `"${name}": ${type}`).join("\n");
  const changesetFile = join(ctx.copy, ".changeset", `release-e2e-${label.replace(/\W+/g, "-")}.md`);
  writeFileSync(changesetFile, `---\n${frontMatter}\n---\n\nrelease-e2e ${label}: a change to release.\n`);
  git(ctx, "add", "-A");
  git(ctx, "commit", "-qm", `${label}: changeset`);

  report.step(`${label}: pnpm run version-packages`);
  await exec("pnpm", ["run", "version-packages"], {
    cwd: ctx.copy,
    env: ctx.env,
    timeoutMs: 4 * 60_000,
    echo: "version",
  });
  const pending = readdirSync(join(ctx.copy, ".changeset")).filter((f) => f.endsWith(".md") && f !== "README.md");
  report.equal(pending, [], `${label}: version-packages consumed the changeset`);
  const before = new Map(ctx.packages.map((p) => [p.name, p.version]));
  ctx.packages = ctx.packages.map((p) => {
    const manifest = readManifest(p.dir);
    return { ...p, manifest, version: manifest.version };
  });
  const names = new Set(ctx.packages.map((p) => p.name));
  for (const pkg of ctx.packages) {
    report.check(
      pkg.version === expected.get(pkg.name),
      `${label}: ${pkg.name} ${before.get(pkg.name)} -> ${pkg.version} (config expects ${expected.get(pkg.name)})`,
    );
    if (pkg.version !== before.get(pkg.name)) {
      const changelog = join(pkg.dir, "CHANGELOG.md");
      const text = existsSync(changelog) ? readFileSync(changelog, "utf8") : "";
      report.check(
        text.includes(`## ${pkg.version}`),
        `${label}: ${pkg.name} CHANGELOG.md has a ${pkg.version} section`,
      );
    }
    for (const [dep, kind] of internalDeps(pkg, names)) {
      report.check(
        (pkg.manifest[kind]?.[dep] ?? "").startsWith("workspace:"),
        `${label}: ${pkg.name} keeps ${dep} as a workspace range in the repo`,
      );
    }
  }
  try {
    await exec("pnpm", ["install", "--frozen-lockfile", "--offline"], {
      cwd: ctx.copy,
      env: ctx.env,
      timeoutMs: 3 * 60_000,
    });
    report.check(true, `${label}: the refreshed lockfile passes pnpm install --frozen-lockfile`);
  } catch (error) {
    report.check(
      false,
      `${label}: the refreshed lockfile passes pnpm install --frozen-lockfile`,
      (error as Error).message,
    );
  }
  git(ctx, "add", "-A");
  git(ctx, "commit", "-qm", `${label}: version packages`);

  if (mode === "version-only") {
    await packAndCheckRanges(ctx, label, before);
    return;
  }

  report.step(`${label}: pnpm run release (turbo build + changeset publish)`);
  await exec("pnpm", ["run", "release"], { cwd: ctx.copy, env: ctx.env, timeoutMs: 8 * 60_000, echo: "release" });

  const tags = new Set(git(ctx, "tag", "-l").split("\n"));
  const current = new Map(ctx.packages.map((p) => [p.name, p.version]));
  report.step(`${label}: registry contents`);
  for (const pkg of ctx.packages) {
    const versions = ctx.published.get(pkg.name) ?? [];
    const isNew = !versions.includes(pkg.version);
    if (isNew) versions.push(pkg.version);
    ctx.published.set(pkg.name, versions);
    const packument = await getPackument(ctx.registryUrl, pkg.name);
    const onRegistry = Object.keys(packument?.versions ?? {});
    report.equal(onRegistry, versions, `${label}: registry holds ${pkg.name}@${versions.join(", ")}`);
    report.equal(packument?.["dist-tags"].latest, pkg.version, `${label}: ${pkg.name} latest is ${pkg.version}`);
    if (!isNew || packument === undefined) continue;
    report.check(tags.has(`${pkg.name}@${pkg.version}`), `${label}: git tag ${pkg.name}@${pkg.version} was created`);
    const published = packument.versions[pkg.version];
    if (published === undefined) continue;
    const file = join(ctx.tmp, `${pkg.name.replace(/\W/g, "_")}-${pkg.version}.tgz`);
    await downloadTarball(published.dist.tarball, file);
    const entries = listTarball(file);
    const manifest = readTarballManifest(file);
    report.equal(tarballProblems(entries, manifest), [], `${label}: ${pkg.name}@${pkg.version} tarball is clean`);
    // What a real registry and a provenance publish would refuse or show wrongly.
    const repository = rootRepository(ctx.copy);
    const directory = relative(ctx.copy, pkg.dir);
    report.equal(
      metadataProblems(manifest, repository, directory),
      [],
      `${label}: ${pkg.name}@${pkg.version} has repository (${repository.url}, directory ${directory}), homepage, bugs, description and license`,
    );
    report.equal(
      typeof published.repository === "object" ? published.repository.url : published.repository,
      repository.url,
      `${label}: the registry's ${pkg.name}@${pkg.version} document carries repository.url (what provenance is checked against)`,
    );
    report.check(
      /^sha512-/.test(published.dist.integrity ?? ""),
      `${label}: ${pkg.name}@${pkg.version} has a sha512 dist.integrity (the digest a provenance statement signs)`,
    );
    report.equal(filesProblems(entries, manifest), [], `${label}: ${pkg.name}@${pkg.version} ships only its "files"`);
    report.equal(
      readmeProblems(readTarballFile(file, "README.md"), pkg.name),
      [],
      `${label}: ${pkg.name}@${pkg.version} README.md is the package's own (its title names ${pkg.name})`,
    );
    report.equal(
      readmeProblems(packument.readme, pkg.name),
      [],
      `${label}: the registry page of ${pkg.name} renders a README titled with ${pkg.name}`,
    );
    for (const [dep, kind] of internalDeps(pkg, names)) {
      report.equal(
        manifest[kind]?.[dep],
        `^${current.get(dep)}`,
        `${label}: published ${pkg.name} ${kind}.${dep} is ^${current.get(dep)}`,
      );
    }
  }
}

/** The token stores (`@scope/token-store-*`): installed alone after each release, as users add one to a client. */
function tokenStorePackages(packages: readonly WorkspacePackage[]): string[] {
  return packages.map((p) => p.name).filter((name) => name.includes("/token-store-"));
}

/**
 * Installs `target` (default: the target provider) alone from the local registry and checks what arrived;
 * `typeCheck` compiles a consumer of the provider's factory (providers only).
 */
async function installAndCheck(
  ctx: Context,
  label: string,
  typeCheck: boolean,
  target = ctx.target,
): Promise<{ count: number; bytes: number }> {
  report.step(`${label}: npm install ${target} alone into a fresh folder`);
  const dir = join(ctx.tmp, `consumer-${label.replace(/\W+/g, "-")}-${target.replace(/\W+/g, "-")}`);
  const install = await installAlone(dir, target, ctx.env);
  const names = new Set(ctx.packages.map((p) => p.name));
  const expectedInternal = new Map<string, string>();
  const queue = [target];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (expectedInternal.has(name)) continue;
    const pkg = ctx.packages.find((p) => p.name === name)!;
    expectedInternal.set(name, pkg.version);
    for (const [dep, kind] of internalDeps(pkg, names)) if (kind !== "optionalDependencies") queue.push(dep);
  }
  checkOnlyWhatIsNeeded(report, install, target, expectedInternal, [...names]);
  const keys = await checkImportAndRequire(report, dir, target, ctx.env);
  for (const name of expectedInternal.keys()) {
    if (name !== target) await checkImportAndRequire(report, dir, name, ctx.env);
  }
  if (typeCheck) {
    const factory = ctx.factory !== undefined && keys.includes(ctx.factory) ? ctx.factory : undefined;
    if (factory === undefined)
      report.step(`${label}: ${ctx.factory} is not exported yet; type checks cover the types only`);
    const tsc = join(ctx.copy, "node_modules", "typescript", "bin", "tsc");
    await checkConsumerTypes(report, dir, ctx.target, factory, tsc, ctx.env);
  }
  report.step(
    `${label}: installed footprint of ${target} alone: ${install.installed.length} packages, ${install.bytes} bytes`,
  );
  for (const p of install.installed) {
    process.stdout.write(`    ${p.name}@${p.version}  ${bytesOnDisk(join(dir, p.path))} bytes\n`);
  }
  return { count: install.installed.length, bytes: install.bytes };
}

async function main(): Promise<void> {
  const started = Date.now();
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
  const npmNetwork = await readNpmNetworkConfig(repoRoot, baseEnv);
  const tmp = mkdtempSync(join(tmpdir(), "release-e2e-"));
  let registry: RunningRegistry | undefined;
  const cleanup = () => {
    killAllStarted();
    if (process.env.RELEASE_E2E_KEEP !== "1") rmSync(tmp, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      report.step(`${signal}: stopping the registry and removing ${tmp}`);
      cleanup();
      process.exit(130);
    });
  }
  process.once("exit", killAllStarted);
  try {
    const ref = process.env.RELEASE_E2E_REF ?? "HEAD";
    const copy = join(tmp, "repo");
    mkdirSync(copy);
    report.step(`copying committed tree (${ref}) into ${copy}`);
    execFileSync("bash", ["-c", `git -C "$SRC" archive --format=tar "$REF" | tar -x -C "$DEST"`], {
      env: { ...baseEnv, SRC: repoRoot, REF: ref, DEST: copy },
    });
    // The repository's pending changesets belong to its next real release: this test proves the config
    // with changesets of its own, so it starts without them.
    for (const file of readdirSync(join(copy, ".changeset"))) {
      if (file.endsWith(".md") && file !== "README.md") rmSync(join(copy, ".changeset", file));
    }
    const gitEnv = {
      ...baseEnv,
      // As on GitHub Actions and in .ci/run: pnpm defaults to a frozen lockfile, tools run non-interactively.
      CI: "true",
      GIT_AUTHOR_NAME: "release-e2e",
      GIT_AUTHOR_EMAIL: "release-e2e@example.invalid",
      GIT_COMMITTER_NAME: "release-e2e",
      GIT_COMMITTER_EMAIL: "release-e2e@example.invalid",
    };
    execFileSync("bash", ["-c", "git init -q -b main && git add -A && git commit -qm base"], {
      cwd: copy,
      env: gitEnv,
    });

    report.step(`installing the copy (pnpm install --frozen-lockfile) and Verdaccio (npm, cached) in parallel`);
    const verdaccioDir = join(repoRoot, "node_modules", ".cache", "release-e2e", "verdaccio");
    const [, bin] = await Promise.all([
      exec("pnpm", ["install", "--frozen-lockfile", "--prefer-offline"], {
        cwd: copy,
        env: gitEnv,
        timeoutMs: 6 * 60_000,
      }),
      installVerdaccio(verdaccioDir, baseEnv),
    ]);

    const packages = await listPublicPackages(copy, gitEnv);
    const providers = readRegistry(copy).providers;
    // The registry's first provider is installed alone; every provider is published with the workspace.
    const targetProvider = providers[0]!;
    report.step(`public packages: ${packages.map((p) => `${p.name}@${p.version}`).join(", ")}`);

    report.step(`starting Verdaccio on 127.0.0.1 (uplink from npm config)`);
    registry = await startRegistry({
      bin,
      workDir: join(tmp, "registry"),
      uplinkUrl: npmNetwork.registry,
      npmNetwork,
      ownScopes: scopesOf(packages.map((p) => p.name)),
      env: baseEnv,
      log: (line) => report.step(line),
    });
    report.step(`registry up at ${registry.url}`);
    const token = await createPublishToken(registry.url);
    const npmrc = join(tmp, "npmrc");
    const hostPath = registry.url.replace(/^https?:/, "");
    writeFileSync(npmrc, `registry=${registry.url}/\n${hostPath}/:_authToken=${token}\n`);
    const env: NodeJS.ProcessEnv = {
      ...gitEnv,
      NPM_CONFIG_USERCONFIG: npmrc,
      npm_config_userconfig: npmrc,
      npm_config_registry: `${registry.url}/`,
      npm_config_cache: join(tmp, "npm-cache"),
    };
    const ctx: Context = {
      copy,
      tmp,
      env,
      registryUrl: registry.url,
      packages,
      published: new Map(),
      target: targetProvider.packageName,
      factory: clientFactoryName(targetProvider.id),
    };

    const authCore = packages.find((p) => p.name.endsWith("/auth-core"));
    if (authCore === undefined) throw new Error("no auth-core package in the workspace");
    await release(ctx, "release 1", new Map(packages.map((p) => [p.name, "minor" as const])), "publish");
    const footprint = await installAndCheck(ctx, "release 1", true);
    for (const store of tokenStorePackages(packages)) await installAndCheck(ctx, "release 1", false, store);
    await release(ctx, "release 2", new Map([[authCore.name, "patch" as const]]), "publish");
    await installAndCheck(ctx, "release 2", false);
    for (const store of tokenStorePackages(packages)) await installAndCheck(ctx, "release 2", false, store);
    // Leaving the caret range: dependents must get a patch bump and a range on the new version.
    // Publishing is already proven twice; versioning and packing are what this case adds.
    await release(ctx, "version 3", new Map([[authCore.name, "minor" as const]]), "version-only");

    report.step("published packages and versions:");
    for (const [name, versions] of ctx.published) process.stdout.write(`    ${name}: ${versions.join(", ")}\n`);
    report.step(
      `footprint of ${ctx.target} alone after release 1: ${footprint.count} packages, ${footprint.bytes} bytes on disk`,
    );
  } catch (error) {
    report.check(false, "release e2e ran to the end", (error as Error).stack ?? String(error));
  } finally {
    await registry?.stop();
    report.step(registry === undefined ? "no registry was started" : "registry stopped");
    cleanup();
    report.step(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    report.summary();
  }
  process.exitCode = report.failed === 0 ? 0 : 1;
}

await main();

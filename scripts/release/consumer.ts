import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exec } from "./exec.ts";
import { bytesOnDisk, type InstalledPackage, listInstalled, reachableFrom } from "./footprint.ts";
import type { Report } from "./report.ts";

/** What a fresh `npm install <package>` project looks like. */
export interface ConsumerInstall {
  dir: string;
  installed: InstalledPackage[];
  bytes: number;
}

/** Creates an empty npm project in `dir` and runs `npm install <packageName>` alone. */
export async function installAlone(dir: string, packageName: string, env: NodeJS.ProcessEnv): Promise<ConsumerInstall> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "release-e2e-consumer", private: true }, null, 2)}\n`,
  );
  const args = ["install", packageName, "--no-audit", "--no-fund", "--loglevel=error", "--prefer-online"];
  await exec("npm", args, { cwd: dir, env, timeoutMs: 4 * 60_000 });
  return { dir, installed: listInstalled(dir), bytes: bytesOnDisk(join(dir, "node_modules")) };
}

/** Checks that only `packageName`, the internal packages it needs and their runtime dependencies are installed. */
export function checkOnlyWhatIsNeeded(
  report: Report,
  install: ConsumerInstall,
  packageName: string,
  expectedInternal: ReadonlyMap<string, string>,
  allInternal: readonly string[],
): void {
  const { reachable, unreachable, missing } = reachableFrom(install.installed, [packageName]);
  report.equal(missing, [], `every runtime dependency of ${packageName} is installed`);
  report.equal(
    unreachable.map((p) => `${p.name}@${p.version}`),
    [],
    `nothing is installed that ${packageName} does not need`,
  );
  const internal = new Set(allInternal);
  const installedInternal = Object.fromEntries(
    reachable.filter((p) => internal.has(p.name)).map((p) => [p.name, p.version] as const),
  );
  report.equal(
    installedInternal,
    Object.fromEntries([...expectedInternal].sort(([a], [b]) => a.localeCompare(b))),
    `installed workspace packages and versions are exactly what changesets computed`,
  );
}

/** Loads the package with `import` and `require` and checks both expose the same non-empty exports. */
export async function checkImportAndRequire(
  report: Report,
  dir: string,
  packageName: string,
  env: NodeJS.ProcessEnv,
): Promise<string[]> {
  const spec = JSON.stringify(packageName);
  writeFileSync(
    join(dir, "load.mjs"),
    `const m = await import(${spec});\nconsole.log(JSON.stringify(Object.keys(m).filter((k) => k !== "default").sort()));\n`,
  );
  writeFileSync(
    join(dir, "load.cjs"),
    `const m = require(${spec});\nconsole.log(JSON.stringify(Object.keys(m).sort()));\n`,
  );
  const esm = await exec(process.execPath, ["load.mjs"], { cwd: dir, env });
  const cjs = await exec(process.execPath, ["load.cjs"], { cwd: dir, env });
  const esmKeys = JSON.parse(esm.stdout) as string[];
  const cjsKeys = JSON.parse(cjs.stdout) as string[];
  report.check(esmKeys.length > 0, `import("${packageName}") exposes runtime exports`, "no exports");
  report.equal(cjsKeys, esmKeys, `require("${packageName}") exposes the same exports as import`);
  return esmKeys;
}

/** The consumer source the type checks compile: it must see real types, not `any`, from the package. */
export function consumerSource(packageName: string, factory: string | undefined): string {
  const lines = [
    `import * as sdk from ${JSON.stringify(packageName)};`,
    `import type { paths } from ${JSON.stringify(packageName)};`,
    "type IsAny<T> = 0 extends 1 & T ? true : false;",
    "type IsNever<T> = [T] extends [never] ? true : false;",
    "export const pathsAreTyped: IsAny<paths> = false;",
    "export const pathsAreNotEmpty: IsNever<keyof paths> = false;",
    "export const exportNames: string[] = Object.keys(sdk);",
  ];
  if (factory !== undefined) {
    lines.push(
      `export const client = sdk.${factory}({ clientId: "consumer-id", clientSecret: "consumer-secret" });`,
      "export const get: typeof client.GET = client.GET;",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Type-checks a consumer `.ts` file with moduleResolution nodenext and bundler (and a `.cts` require under nodenext). */
export async function checkConsumerTypes(
  report: Report,
  dir: string,
  packageName: string,
  factory: string | undefined,
  tscBin: string,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const source = consumerSource(packageName, factory);
  writeFileSync(join(dir, "consumer.mts"), source);
  writeFileSync(join(dir, "consumer-bundler.ts"), source);
  writeFileSync(
    join(dir, "consumer.cts"),
    `import sdk = require(${JSON.stringify(packageName)});\nexport const exportNames: string[] = Object.keys(sdk);\n`,
  );
  const common = {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: "es2022",
    lib: ["es2023", "dom"],
    types: [],
  };
  const configs = {
    nodenext: { module: "nodenext", moduleResolution: "nodenext", files: ["consumer.mts", "consumer.cts"] },
    bundler: { module: "esnext", moduleResolution: "bundler", files: ["consumer-bundler.ts"] },
  };
  const runs = Object.entries(configs).map(async ([name, { files, ...options }]) => {
    const file = `tsconfig.${name}.json`;
    writeFileSync(
      join(dir, file),
      `${JSON.stringify({ compilerOptions: { ...common, ...options }, files }, null, 2)}\n`,
    );
    try {
      await exec(process.execPath, [tscBin, "-p", file], { cwd: dir, env, timeoutMs: 3 * 60_000 });
      return { name, error: undefined };
    } catch (error) {
      return { name, error: (error as Error).message };
    }
  });
  for (const { name, error } of await Promise.all(runs)) {
    const what = `consumer type-checks with moduleResolution ${name}${factory ? ` (calls ${factory})` : ""}`;
    report.check(error === undefined, what, error ?? "");
  }
}

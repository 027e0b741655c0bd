/**
 * `pnpm check:readme` (after `pnpm build`): type-checks every ```ts block of the READMEs below against the
 * built packages, as a user who copies it would compile it. Fails with README.md:<line> per error.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { checkReadmeExamples } from "./lib/readme-examples.ts";
import { repoRoot } from "./lib/registry.ts";

/** The READMEs whose ```ts blocks must compile. */
const READMES = ["README.md", "packages/token-store-durable-object/README.md"];

const packages = Object.fromEntries(
  readdirSync(join(repoRoot, "packages")).map((id) => {
    const dir = join(repoRoot, "packages", id);
    return [(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string }).name, dir];
  }),
);
const errors = checkReadmeExamples(repoRoot, READMES, packages);
for (const error of errors) console.error(`${error.readme}:${error.line}: ${error.message}`);
if (errors.length > 0) {
  console.error(`\n${errors.length} error(s) in README code blocks: fix the example (or the API it shows).`);
  process.exitCode = 1;
} else console.log(`ok   ${READMES.join(", ")}: every \`\`\`ts block compiles against the built packages`);

/**
 * `pnpm check:readme` (after `pnpm build`): type-checks every ```ts block of every README a user reads
 * (the root README.md and each packages/<name>/README.md, discovered, not listed) against the built
 * packages, each block a self-contained module, as a user who copies it would compile it. Fails with
 * <readme>:<line> per error.
 */
import { checkReadmeExamples, discoverReadmes, workspacePackages } from "./lib/readme-examples.ts";
import { repoRoot } from "./lib/registry.ts";

const readmes = discoverReadmes(repoRoot);
const errors = checkReadmeExamples(repoRoot, readmes, workspacePackages(repoRoot));
for (const error of errors) console.error(`${error.readme}:${error.line}: ${error.message}`);
if (errors.length > 0) {
  console.error(`\n${errors.length} error(s) in README code blocks: fix the example (or the API it shows).`);
  process.exitCode = 1;
} else console.log(`ok   ${readmes.join(", ")}: every \`\`\`ts block compiles against the built packages`);

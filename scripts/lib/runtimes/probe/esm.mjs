// Probe entry for Node (ESM), Deno and Bun: `<runtime> esm.mjs <emulator-url>` prints one JSON report line.
import { createDollrClient } from "@scope/dollr";
import { createDuroClient } from "@scope/duro";
import { createTurrisClient } from "@scope/turris";
import { runChecks } from "./checks.mjs";

const emulatorUrl = globalThis.Deno ? globalThis.Deno.args[0] : globalThis.process.argv[2];
const report = await runChecks(
  { dollr: createDollrClient, turris: createTurrisClient, duro: createDuroClient },
  emulatorUrl,
);
console.log(JSON.stringify(report));

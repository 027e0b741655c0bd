// Probe entry for workerd (bundled with esbuild for the `workerd` condition, no nodejs_compat):
// GET /?emulator=<url> answers the JSON report.
import { createDollrClient } from "@scope/dollr";
import { createDuroClient } from "@scope/duro";
import { createTurrisClient } from "@scope/turris";
import { runChecks } from "./checks.mjs";

export default {
  async fetch(request) {
    const emulatorUrl = new URL(request.url).searchParams.get("emulator");
    if (!emulatorUrl) return new Response("missing ?emulator=", { status: 400 });
    try {
      const report = await runChecks(
        { dollr: createDollrClient, turris: createTurrisClient, duro: createDuroClient },
        emulatorUrl,
      );
      return Response.json(report);
    } catch (error) {
      return new Response(String(error?.stack ?? error), { status: 500 });
    }
  },
};

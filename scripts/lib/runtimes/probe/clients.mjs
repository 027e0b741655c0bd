// The three provider clients every matrix server uses, built from the installed tarballs (ESM).
import { createDollrClient } from "@scope/dollr";
import { createDuroClient } from "@scope/duro";
import { createTurrisClient } from "@scope/turris";
import { createClientsWith } from "./client-options.mjs";

/** Builds one client per provider against the emulator at `emulatorUrl`. */
export function createClients(emulatorUrl) {
  return createClientsWith(
    { dollr: createDollrClient, turris: createTurrisClient, duro: createDuroClient },
    emulatorUrl,
  );
}

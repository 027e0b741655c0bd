// The three provider clients every matrix server uses, built from the installed tarballs.
import { createDollrClient } from "@scope/dollr";
import { createDuroClient } from "@scope/duro";
import { createTurrisClient } from "@scope/turris";

/** Builds one client per provider against the emulator at `emulatorUrl`. */
export function createClients(emulatorUrl) {
  const options = (provider) => ({
    clientId: provider === "duro" ? "cid_test_runtime" : `runtime-${provider}`,
    clientSecret: `runtime-${provider}-secret`,
    baseUrl: `${emulatorUrl}/${provider}`,
  });
  return {
    dollr: createDollrClient(options("dollr")),
    turris: createTurrisClient(options("turris")),
    duro: createDuroClient(options("duro")),
  };
}

// Worker, clients built inside each request. EMULATOR_URL is set when bundling.
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

export default {
  fetch(request) {
    const clients = createClients(EMULATOR_URL);
    return createHandler(() => clients)(request);
  },
};

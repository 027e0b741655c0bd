// Worker, clients built at module top level (global scope). EMULATOR_URL is set when bundling.
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

const clients = createClients(EMULATOR_URL);
const handle = createHandler(() => clients);

export default { fetch: (request) => handle(request) };

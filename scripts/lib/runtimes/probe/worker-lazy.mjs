// Worker, clients built lazily at module level by the first request. EMULATOR_URL is set when bundling.
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

let clients;
const handle = createHandler(() => {
  clients ??= createClients(EMULATOR_URL);
  return clients;
});

export default { fetch: (request) => handle(request) };

// Node http.createServer (ESM, `import`), clients at module top level: `node server-node.mjs` (PORT, EMULATOR_URL).
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";
import { serveWithNodeHttp } from "./node-http.mjs";

const clients = createClients(process.env.EMULATOR_URL);
serveWithNodeHttp(
  createHandler(() => clients),
  Number(process.env.PORT),
);

// Node http.createServer, clients at module top level: `node server-node.mjs` (PORT, EMULATOR_URL).
import { createServer } from "node:http";
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

const clients = createClients(process.env.EMULATOR_URL);
const handle = createHandler(() => clients);

createServer(async (req, res) => {
  const response = await handle(new Request(`http://${req.headers.host}${req.url}`, { method: req.method }));
  res.writeHead(response.status, { "content-type": "application/json" });
  res.end(await response.text());
}).listen(Number(process.env.PORT), "127.0.0.1");

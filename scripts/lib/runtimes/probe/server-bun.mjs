// Bun.serve, clients at module top level: `bun run server-bun.mjs` (PORT, EMULATOR_URL).
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

const clients = createClients(process.env.EMULATOR_URL);
const handle = createHandler(() => clients);

Bun.serve({ hostname: "127.0.0.1", port: Number(process.env.PORT), fetch: handle });

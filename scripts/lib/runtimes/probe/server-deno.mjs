// Deno.serve, clients at module top level: `deno run --allow-net=127.0.0.1 ... server-deno.mjs`.
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

const clients = createClients(Deno.env.get("EMULATOR_URL"));
const handle = createHandler(() => clients);

Deno.serve({ hostname: "127.0.0.1", port: Number(Deno.env.get("PORT")), onListen() {} }, handle);

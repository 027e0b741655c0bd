// Vercel Edge Runtime function (a service-worker script; bundled to one IIFE), clients at top level.
import { createClients } from "./clients.mjs";
import { createHandler } from "./handler.mjs";

const clients = createClients(EMULATOR_URL);
const handle = createHandler(() => clients);

addEventListener("fetch", (event) => event.respondWith(handle(event.request)));

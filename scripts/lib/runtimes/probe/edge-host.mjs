// Serves the bundled edge function with the edge-runtime package's EdgeRuntime + runServer, as
// `vercel dev`/`next dev` do: `node edge-host.mjs <edge-runtime module path> <bundle> <port>`.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath, bundle, port] = process.argv.slice(2);
const { EdgeRuntime, runServer } = await import(pathToFileURL(modulePath).href);
const runtime = new EdgeRuntime({ initialCode: readFileSync(bundle, "utf8") });
const server = await runServer({ runtime, host: "127.0.0.1", port: Number(port) });
console.log(`listening ${server.url}`);
process.once("SIGTERM", () => server.close().then(() => process.exit(0)));

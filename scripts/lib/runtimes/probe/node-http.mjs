// Serves a fetch-style handler with Node's http.createServer on 127.0.0.1:`port`.
import { createServer } from "node:http";

/** Listens on 127.0.0.1:`port`, answering every request with `handle(new Request(...))`. */
export function serveWithNodeHttp(handle, port) {
  createServer(async (req, res) => {
    const response = await handle(new Request(`http://${req.headers.host}${req.url}`, { method: req.method }));
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  }).listen(port, "127.0.0.1");
}

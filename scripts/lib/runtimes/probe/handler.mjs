// The request handler every matrix server runs (a Worker's `fetch`, Deno.serve, Bun.serve, Node's
// http server through a Request): each request makes one authenticated call with a provider client.
//   GET  /call?provider=dollr&n=3  -> one GET /v1/echo; 200 {"ok":true} when the echo came back
//   POST /replay?provider=dollr    -> one POST /v1/echo with a JSON body; answers what the API echoed
// A failed call answers 502 with the error's name and message (never a token: the clients redact).

export const REPLAY_BODY = { reference: "replay", amount: 1250, lines: ["a", "b"] };

/** A fetch-style handler; `getClients(request)` returns the clients for this request (per shape). */
export function createHandler(getClients) {
  return async (request) => {
    const url = new URL(request.url);
    const provider = url.searchParams.get("provider") ?? "dollr";
    try {
      const client = getClients()[provider];
      if (!client) return Response.json({ error: `unknown provider ${provider}` }, { status: 404 });
      if (url.pathname === "/call") return await call(client, url.searchParams.get("n") ?? "0");
      if (url.pathname === "/replay") return await replay(client);
      return Response.json({ error: "not found" }, { status: 404 });
    } catch (error) {
      return Response.json({ error: `${error?.name ?? "Error"}: ${error?.message ?? error}` }, { status: 502 });
    }
  };
}

async function call(client, n) {
  const { data, response } = await client.GET("/v1/echo", { params: { query: { call: n } } });
  const ok = response.status === 200 && data?.query?.call === n;
  return Response.json({ ok, status: response.status }, { status: ok ? 200 : 502 });
}

async function replay(client) {
  const { data, response } = await client.POST("/v1/echo", { body: REPLAY_BODY });
  return Response.json({
    status: response.status,
    method: data?.method ?? null,
    bodyIntact: JSON.stringify(data?.body) === JSON.stringify(REPLAY_BODY),
  });
}

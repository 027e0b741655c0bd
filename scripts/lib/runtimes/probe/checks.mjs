/**
 * The runtime-matrix probe: plain JavaScript that every runtime under test runs against the loopback
 * emulator, with the three provider factories loaded from the installed tarballs. Per provider: 20
 * concurrent authenticated calls (which must cost exactly one token request), then the emulator
 * revokes every token and one POST with a JSON body must be replayed after the 401 with its body
 * intact. Returns a JSON-able report; the orchestrator (scripts/test-runtimes.ts) judges it.
 */

export const CONCURRENT_CALLS = 20;

/** Runs the checks for each factory ({ dollr, turris, duro }) against the emulator at `emulatorUrl`. */
export async function runChecks(factories, emulatorUrl) {
  const started = Date.now();
  const providers = {};
  for (const [provider, create] of Object.entries(factories)) {
    providers[provider] = await checkProvider(provider, create, emulatorUrl);
  }
  return { durationMs: Date.now() - started, providers };
}

async function checkProvider(provider, create, emulatorUrl) {
  const client = create({
    clientId: provider === "duro" ? "cid_test_runtime" : `runtime-${provider}`,
    clientSecret: `runtime-${provider}-secret`,
    baseUrl: `${emulatorUrl}/${provider}`,
  });
  const calls = await Promise.all(
    Array.from({ length: CONCURRENT_CALLS }, (_, index) =>
      client.GET("/v1/echo", { params: { query: { call: String(index) } } }).then(
        ({ data, response }) => response.status === 200 && data?.query?.call === String(index),
        () => false,
      ),
    ),
  );
  const afterCalls = await emulatorStats(emulatorUrl, provider);
  await control(emulatorUrl, { provider, revokeTokens: true });
  const body = { reference: `replay-${provider}`, amount: 1250, lines: ["a", "b"] };
  const replay = await client.POST("/v1/echo", { body });
  const afterReplay = await emulatorStats(emulatorUrl, provider);
  return {
    calls: calls.length,
    okCalls: calls.filter(Boolean).length,
    tokenRequestsAfterCalls: afterCalls.tokenRequests,
    replay: {
      status: replay.response.status,
      method: replay.data?.method ?? null,
      bodyIntact: JSON.stringify(replay.data?.body) === JSON.stringify(body),
    },
    tokenRequests: afterReplay.tokenRequests,
    unauthorized: afterReplay.unauthorized,
  };
}

async function emulatorStats(emulatorUrl, provider) {
  const response = await fetch(`${emulatorUrl}/__emulator/stats`);
  if (!response.ok) throw new Error(`emulator stats answered ${response.status}`);
  return (await response.json())[provider];
}

async function control(emulatorUrl, change) {
  const response = await fetch(`${emulatorUrl}/__emulator/config`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(change),
  });
  if (!response.ok) throw new Error(`emulator config answered ${response.status}`);
  await response.body?.cancel();
}

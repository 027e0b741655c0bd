// Builds one client per provider from the given factories (no package import here, so the CommonJS
// server can pass the factories it loaded with require()).

/** `{ dollr, turris, duro }` clients made with `factories` against the emulator at `emulatorUrl`. */
export function createClientsWith(factories, emulatorUrl) {
  return Object.fromEntries(
    Object.entries(factories).map(([provider, create]) => [
      provider,
      create({
        clientId: provider === "duro" ? "cid_test_runtime" : `runtime-${provider}`,
        clientSecret: `runtime-${provider}-secret`,
        baseUrl: `${emulatorUrl}/${provider}`,
      }),
    ]),
  );
}

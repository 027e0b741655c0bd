import { expect } from "vitest";
import { describeMockServer, type EchoPaths } from "../../../scripts/lib/emulator/mock-server-suite.ts";
import { createTurrisClient } from "./index.js";
import { startTurrisMockServer } from "./testing-server.js";

describeMockServer({
  provider: "turris",
  displayName: "Turris",
  createClient: (options) => createTurrisClient<EchoPaths>(options),
  start: (options) => startTurrisMockServer(options),
  unauthorizedBody: {
    statusCode: 401,
    requestId: expect.any(String),
    errorType: "UNAUTHORIZED",
    errorMessage: ["Invalid client credentials"],
    timestamp: expect.any(String),
  },
  unauthorizedMessage: "Invalid client credentials",
  packageDir: new URL("..", import.meta.url),
});

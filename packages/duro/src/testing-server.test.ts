import { describeMockServer, type EchoPaths } from "../../../scripts/lib/emulator/mock-server-suite.ts";
import { createDuroClient } from "./index.js";
import { startDuroMockServer } from "./testing-server.js";

describeMockServer({
  provider: "duro",
  displayName: "Duro",
  createClient: (options) => createDuroClient<EchoPaths>(options),
  start: (options) => startDuroMockServer(options),
  unauthorizedBody: { error: { code: "invalid_client", message: "Client authentication failed" } },
  unauthorizedMessage: "Client authentication failed",
  packageDir: new URL("..", import.meta.url),
});

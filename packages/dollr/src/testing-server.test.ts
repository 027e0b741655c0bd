import { describeMockServer, type EchoPaths } from "../../../scripts/lib/emulator/mock-server-suite.ts";
import { createDollrClient } from "./index.js";
import { startDollrMockServer } from "./testing-server.js";

describeMockServer({
  provider: "dollr",
  displayName: "Dollr",
  createClient: (options) => createDollrClient<EchoPaths>(options),
  start: (options) => startDollrMockServer(options),
  unauthorizedBody: { detail: "Invalid client credentials" },
  unauthorizedMessage: "Invalid client credentials",
  packageDir: new URL("..", import.meta.url),
});

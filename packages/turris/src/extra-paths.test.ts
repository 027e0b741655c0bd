import { describeExtraPaths, type MyPaths } from "../../../scripts/lib/emulator/extra-paths-suite.ts";
import { createTurrisClient } from "./index.js";
import { createTurrisMock } from "./testing.js";

describeExtraPaths({
  factory: "createTurrisClient",
  createClient: (options) => createTurrisClient<MyPaths>(options),
  createMock: (options) => createTurrisMock(options),
});

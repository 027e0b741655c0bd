import { describeExtraPaths, type MyPaths } from "../../../scripts/lib/emulator/extra-paths-suite.ts";
import { createDollrClient } from "./index.js";
import { createDollrMock } from "./testing.js";

describeExtraPaths({
  factory: "createDollrClient",
  createClient: (options) => createDollrClient<MyPaths>(options),
  createMock: (options) => createDollrMock(options),
});

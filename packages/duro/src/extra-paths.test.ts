import { describeExtraPaths, type MyPaths } from "../../../scripts/lib/emulator/extra-paths-suite.ts";
import { createDuroClient } from "./index.js";
import { createDuroMock } from "./testing.js";

describeExtraPaths({
  factory: "createDuroClient",
  createClient: (options) => createDuroClient<MyPaths>(options),
  createMock: (options) => createDuroMock(options),
});

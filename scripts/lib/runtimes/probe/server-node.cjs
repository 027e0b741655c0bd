// Node http.createServer (CommonJS, `require()`), clients at module top level: `node server-node.cjs`.
const { createDollrClient } = require("@scope/dollr");
const { createDuroClient } = require("@scope/duro");
const { createTurrisClient } = require("@scope/turris");

const factories = { dollr: createDollrClient, turris: createTurrisClient, duro: createDuroClient };

Promise.all([import("./client-options.mjs"), import("./handler.mjs"), import("./node-http.mjs")]).then(
  ([{ createClientsWith }, { createHandler }, { serveWithNodeHttp }]) => {
    const clients = createClientsWith(factories, process.env.EMULATOR_URL);
    serveWithNodeHttp(
      createHandler(() => clients),
      Number(process.env.PORT),
    );
  },
);

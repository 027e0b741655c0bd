// Probe entry for Node (CommonJS): the packages are loaded with require(); prints one JSON report line.
const { createDollrClient } = require("@scope/dollr");
const { createDuroClient } = require("@scope/duro");
const { createTurrisClient } = require("@scope/turris");

import("./checks.mjs")
  .then(({ runChecks }) =>
    runChecks({ dollr: createDollrClient, turris: createTurrisClient, duro: createDuroClient }, process.argv[2]),
  )
  .then((report) => console.log(JSON.stringify(report)))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });

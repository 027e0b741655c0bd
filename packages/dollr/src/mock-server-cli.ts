#!/usr/bin/env node
/**
 * `dollr-mock`: runs Dollr's loopback mock server until Ctrl-C and prints `{"provider":"dollr","baseUrl":…}`.
 * Flags: --port, --host (loopback only), --client-id/--client-secret (require these credentials), --expires-in.
 */
import { runMockServerCli } from "@scope/auth-core/testing/server";
import { mockDefinition } from "./testing/mock-token-endpoint.js";

runMockServerCli(mockDefinition).catch((error: unknown) => {
  process.stderr.write(`dollr-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});

/**
 * The body of each provider's `<provider>-mock` command (Node only): starts the loopback mock server
 * and prints one JSON line, `{"provider":…,"baseUrl":…}`, once it listens; stops on SIGINT/SIGTERM.
 *
 *   <provider>-mock [--port 0] [--host 127.0.0.1] [--client-id ID --client-secret SECRET] [--expires-in N]
 *
 * With --client-id/--client-secret, other credentials get the provider's documented 401 body.
 */
import { parseArgs } from "node:util";
import { startProviderMockServer } from "./node-server.js";
import type { AnyProviderTokenMock, ProviderMockDefinition } from "./provider-definition.js";
import type { TokenMockOptions } from "./token-mock.js";

/** Parsed command-line options of a `<provider>-mock` command. */
export interface MockServerCliOptions {
  /** `--host`: the loopback host to listen on. Default `127.0.0.1`. */
  host: string;
  /** `--port`: the port to listen on; default 0, a free port (printed in the `baseUrl` line). */
  port: number;
  /** `--client-id`: the only client id accepted (with `clientSecret`); absent = any non-empty one. */
  clientId?: string;
  /** `--client-secret`: the only client secret accepted (with `clientId`); absent = any non-empty one. */
  clientSecret?: string;
  /** `--expires-in`: `expires_in` of issued tokens, in the provider's unit; absent = the provider's default. */
  expiresIn?: number;
}

/** Parses a `<provider>-mock` command line; throws an Error naming the bad flag. */
export function parseMockServerArgs(args: readonly string[]): MockServerCliOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "client-id": { type: "string" },
      "client-secret": { type: "string" },
      "expires-in": { type: "string" },
    },
  });
  const number = (name: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
    return value;
  };
  if ((values["client-id"] === undefined) !== (values["client-secret"] === undefined)) {
    throw new Error("--client-id and --client-secret go together");
  }
  const expiresIn = number("expires-in", values["expires-in"]);
  return {
    host: values.host ?? "127.0.0.1",
    port: number("port", values.port) ?? 0,
    ...(values["client-id"] === undefined ? {} : { clientId: values["client-id"] }),
    ...(values["client-secret"] === undefined ? {} : { clientSecret: values["client-secret"] }),
    ...(expiresIn === undefined ? {} : { expiresIn }),
  };
}

/** Runs a provider's mock server from the command line until SIGINT/SIGTERM. */
export async function runMockServerCli<TMock extends AnyProviderTokenMock, TOptions extends TokenMockOptions>(
  definition: ProviderMockDefinition<TMock, TOptions>,
  args: readonly string[] = process.argv.slice(2),
): Promise<void> {
  let options: MockServerCliOptions;
  try {
    options = parseMockServerArgs(args);
  } catch (error) {
    process.stderr.write(`${definition.provider}-mock: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const server = await startProviderMockServer(definition, options as TOptions & MockServerCliOptions);
  process.stdout.write(`${JSON.stringify({ provider: definition.provider, baseUrl: server.baseUrl })}\n`);
  const stop = (): void => {
    server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

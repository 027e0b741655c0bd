/**
 * The files `new-provider` writes for a standards-compliant (RFC 6749 client credentials) provider.
 * Every template is a pure function of the registry entry and a few facts from the document.
 */
import { authCoreReExports, providerTurboJson, publishFields, repositoryFields } from "../package-files.ts";
import type { ProviderEntry } from "../registry.ts";

/** What the templates need to know beyond the registry entry. */
export interface ScaffoldFacts {
  /** `acme-pay` -> `AcmePay`, used in type and factory names. */
  pascal: string;
  tokenPath: string;
  /** An authenticated operation the generated test calls through the client, if the document has one. */
  probe?: { method: string; path: string };
  /** Version range of openapi-fetch the other packages use. */
  openapiFetchRange: string;
  /** Whether the document declares production/sandbox servers. */
  environmentNames: string[];
  hasDefaultBaseUrl: boolean;
  /** The document's production (else first absolute) server URL; empty when it declares none. */
  defaultBaseUrl: string;
}

export { pascalCase } from "../provider-clients.ts";

/** Serialises JSON the way the repository commits it (2 spaces, trailing newline). */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** packages/<id>/package.json, in the publishing shape of the existing provider packages (with `/testing` and `/validation` entries). */
export function packageJson(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const published = publishFields({
    ".": "index",
    "./testing": "testing",
    "./testing/server": "testing-server",
    "./validation": "validation",
  });
  const { files, ...rest } = published;
  return jsonFile({
    name: entry.packageName,
    version: "0.1.0",
    description: `Typed TypeScript client for the ${entry.title} API, generated from its OpenAPI document.`,
    license: "MIT",
    ...repositoryFields(`packages/${entry.id}`),
    keywords: [entry.id, "openapi", "openapi-fetch", "typescript", "sdk", "oauth2"],
    ...rest,
    bin: { [`${entry.id}-mock`]: `./bin/${entry.id}-mock.js` },
    typesVersions: {
      "*": {
        testing: ["./dist/testing.d.ts"],
        "testing/server": ["./dist/testing-server.d.ts"],
        validation: ["./dist/validation.d.ts"],
      },
    },
    files: ["bin", ...(files as string[])],
    scripts: {
      generate: "tsx ../../scripts/generate.ts",
      build: "tsup",
      typecheck: "tsc -p tsconfig.json",
      test: "vitest run --typecheck",
      "check:package": "publint --strict && attw --pack .",
    },
    tsup: {
      entry: ["src/index.ts", "src/testing.ts", "src/testing-server.ts", "src/mock-server-cli.ts", "src/validation.ts"],
      format: ["esm", "cjs"],
      dts: true,
      clean: true,
      target: "node20",
    },
    dependencies: { "@scope/auth-core": "workspace:^", "openapi-fetch": facts.openapiFetchRange },
    devDependencies: { msw: MSW_RANGE, zod: ZOD_DEV_VERSION },
    peerDependencies: { msw: MSW_RANGE, zod: ZOD_RANGE },
    peerDependenciesMeta: { msw: { optional: true }, zod: { optional: true } },
  });
}

/** The msw range the other packages use (an optional peer: only the `/testing` entry imports it). */
const MSW_RANGE = "^2.15.0";
/** The zod range the other packages use (an optional peer: only the `/validation` entry imports it), and the version they test with. */
const ZOD_RANGE = "^4.0.0";
const ZOD_DEV_VERSION = "4.6.7";

/** packages/<id>/src/validation.ts: the opt-in response checks, bound to the generated schemas. */
export function validationTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  return `/**
 * ${entry.packageName}/validation: opt-in runtime checks of ${entry.title}'s responses against its vendored
 * OpenAPI document (schemas in ./generated/responses.zod.gen.ts). zod is an optional peer dependency.
 */
import { type ResponseValidationOptions, withResponseValidation as withSchemas } from "@scope/auth-core/validation";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { responseSchemas } from "./generated/responses.zod.gen.js";

export {
  isResponseValidationError,
  type ResponseMismatchEvent,
  ResponseValidationError,
  type ResponseValidationOptions,
} from "@scope/auth-core/validation";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";

/** Returns a ${facts.pascal} client whose responses are checked against the document (\`observe\` or \`strict\`). */
export function withResponseValidation(client: Client<paths>, options: ResponseValidationOptions): Client<paths> {
  return withSchemas(client, { provider: "${entry.id}", schemas: responseSchemas }, options);
}
`;
}

/** packages/<id>/tsconfig.json. */
export function tsconfigJson(): string {
  return jsonFile({ extends: "../../tsconfig.base.json", include: ["src"] });
}

/** packages/<id>/vitest.config.ts: the providers' shared config (scripts/lib/testing/provider-vitest-config.ts). */
export function vitestConfigTs(): string {
  return `import { providerVitestConfig } from "../../scripts/lib/testing/provider-vitest-config.ts";

export default providerVitestConfig(import.meta.dirname);
`;
}

/** packages/<id>/turbo.json: generation keyed on the provider's own spec. */
export function turboJson(entry: ProviderEntry): string {
  return jsonFile(providerTurboJson(entry));
}

/** Names the scaffolded files use: `acme` -> `ACME`, `Acme`. */
function names(entry: ProviderEntry, facts: ScaffoldFacts) {
  const upper = entry.id.toUpperCase().replaceAll("-", "_");
  return { upper, pascal: facts.pascal, factory: `create${facts.pascal}Client` };
}

/** packages/<id>/src/index.ts: the same public surface as the hand-tuned providers. */
export function indexTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const { upper, pascal, factory } = names(entry, facts);
  return `/**
 * ${entry.packageName}: typed client for the ${entry.title} API.
 * The public surface: the client factory, its options, environments and error types, and the generated
 * \`paths\` / \`components\` / \`operations\`. Types are generated from specs/${entry.spec} into ./generated
 * (never edit those files).
 */

${authCoreReExports(["ClientAuthMethod"])}export { ${factory} } from "./client.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments } from "./generated/spec.gen.js";
export {
  ${upper}_DEFAULT_BASE_URL,
  ${upper}_ENVIRONMENTS,
  type ${pascal}ClientOptions,
  type ${pascal}Environment,
} from "./options.js";
`;
}

/** packages/<id>/src/options.ts: validated by auth-core's options resolver, like the hand-tuned providers. */
export function optionsTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const { upper, pascal, factory } = names(entry, facts);
  const known = facts.environmentNames.length > 0 ? facts.environmentNames.map((e) => `"${e}"`).join(", ") : "none";
  const noServer = facts.defaultBaseUrl === "";
  const environmentConstants = facts.environmentNames.includes("production")
    ? `/** ${entry.title}'s environments and base URLs (${known}), from the document's servers; "production" is the default. */
export const ${upper}_ENVIRONMENTS = environments;

/** ${entry.title}'s production base URL (the default). */
export const ${upper}_DEFAULT_BASE_URL = ${upper}_ENVIRONMENTS.production;
`
    : `/** ${entry.title}'s default API base URL: the document's first server${noServer ? " (it declares none: pass baseUrl)" : ""}. */
export const ${upper}_DEFAULT_BASE_URL = ${JSON.stringify(facts.defaultBaseUrl)};

/** Base URL per environment: the default as "production", plus any the document declares (${known}). */
export const ${upper}_ENVIRONMENTS = { production: ${upper}_DEFAULT_BASE_URL, ...environments } as const;
`;
  const resolver = noServer
    ? `const resolve = clientOptionsResolver({
  factory: "${factory}",
  environments: ${upper}_ENVIRONMENTS,
  shape,
  variables: { clientId: "${upper}_CLIENT_ID", clientSecret: "${upper}_CLIENT_SECRET" },
});

/** Validates ${factory}'s options; throws ClientOptionsError naming the bad option. */
export function resolve${pascal}Options(input: unknown): ReturnType<typeof resolve> {
  const resolved = resolve(input);
  if (resolved.baseUrl === "") {
    throw new ClientOptionsError(\`${factory}: option "baseUrl" is required: the document declares no server\`, "baseUrl");
  }
  return resolved;
}`
    : `/** Validates ${factory}'s options; throws ClientOptionsError naming the bad option. */
export const resolve${pascal}Options = clientOptionsResolver({
  factory: "${factory}",
  environments: ${upper}_ENVIRONMENTS,
  shape,
  variables: { clientId: "${upper}_CLIENT_ID", clientSecret: "${upper}_CLIENT_SECRET" },
});`;
  return `/**
 * Validation of ${factory}'s options with auth-core's options resolver: client credentials, the
 * connection options and the RFC 6749 knobs (tokenUrl, tokenAuthMethod, scope); unknown options are
 * rejected, and every message names the option without ever echoing its value.
 */
import {
  type ClientAuthMethod,
  ${noServer ? "ClientOptionsError,\n  " : ""}type ConnectionOptions,
  clientOptionsResolver,
  httpUrl,
  schema as s,
} from "@scope/auth-core";
import { environments } from "./generated/spec.gen.js";

${environmentConstants}
/** An environment name ${entry.title} has. */
export type ${pascal}Environment = keyof typeof ${upper}_ENVIRONMENTS;

/** Options of ${factory}. */
export interface ${pascal}ClientOptions extends ConnectionOptions<${pascal}Environment> {
  /** The OAuth client id ${entry.title} issued. */
  clientId: string;
  /** The OAuth client secret (only its hash enters the token cache key); never logged, never in a message. */
  clientSecret: string;
  /** Token endpoint URL. Default: the base URL + \`${facts.tokenPath}\`. */
  tokenUrl?: string;
  /** How the client authenticates to the token endpoint. Default \`client_secret_basic\`. */
  tokenAuthMethod?: ClientAuthMethod;
  /** Scope to request with the token. */
  scope?: string | readonly string[];
}

const shape = {
  tokenUrl: s.optional(httpUrl),
  tokenAuthMethod: s.optional(s.picklist(["client_secret_basic", "client_secret_post"])),
  scope: s.optional(s.union([s.string(), s.array(s.string())])),
};

${resolver}
`;
}

/** packages/<id>/src/client.ts: createClientCredentialsClient on auth-core's RFC 6749 endpoint. */
export function clientTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const { pascal, factory } = names(entry, facts);
  return `/**
 * ${factory}: an openapi-fetch client for ${entry.title} whose requests carry a cached bearer token, obtained
 * with the standard OAuth 2.0 client-credentials grant (RFC 6749) from \`${facts.tokenPath}\`.
 * Scaffolded by \`pnpm new-provider\`; hand-written from here on (only src/generated is machine-written).
 */

import {
  type ClientCredentialsTokenResponse,
  createClientCredentialsClient,
  createClientCredentialsEndpoint,
} from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { idempotentOperations, publicOperations } from "./generated/spec.gen.js";
import { type ${pascal}ClientOptions, resolve${pascal}Options } from "./options.js";

/** The token operation, which the auth middleware must leave unauthenticated. */
const TOKEN_OPERATION = { method: "POST", path: "${facts.tokenPath}" } as const;

/** Creates a typed ${entry.title} client; tokens are fetched once, cached and refreshed ahead of expiry. */
export function ${factory}(options: ${pascal}ClientOptions): Client<paths> {
  const { baseUrl, clientId, clientSecret, fetch, tuning, options: rfc6749 } = resolve${pascal}Options(options);
  const tokenUrl = rfc6749.tokenUrl ?? \`\${baseUrl}\${TOKEN_OPERATION.path}\`;
  const endpoint = createClientCredentialsEndpoint({
    provider: "${entry.id}",
    tokenUrl,
    clientId,
    clientSecret,
    fetch: (input, init) => fetch(new Request(input, init)),
    ...(rfc6749.tokenAuthMethod === undefined ? {} : { authMethod: rfc6749.tokenAuthMethod }),
    ...(rfc6749.scope === undefined ? {} : { scope: rfc6749.scope }),
  });
  return createClientCredentialsClient<paths, ClientCredentialsTokenResponse>({
    baseUrl,
    tokenUrl,
    clientId,
    clientSecret,
    fetch,
    tuning,
    endpoint,
    publicOperations: [...publicOperations, TOKEN_OPERATION],
    idempotentOperations,
  });
}
`;
}

/** packages/<id>/src/testing.ts: msw handlers built with auth-core's generic provider mock (RFC 6749 dialect). */
export function testingTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const { upper, pascal, factory } = names(entry, facts);
  const idempotencyHeader = entry.idempotencyHeader ?? "Idempotency-Key";
  return `/**
 * ${entry.packageName}/testing: msw handlers that emulate ${entry.title}'s RFC 6749 token endpoint (and,
 * optionally, an authenticated echo API) so code using ${factory} can be tested offline. Built with
 * auth-core's generic provider mock; the loopback emulator reads \`mockDefinition\`.
 * Requires msw 2 (an optional peer dependency).
 */
import {
  createProviderMock,
  createTokenMock,
  defineProviderMock,
  type MswMockParts,
  type ProviderMswOptions,
  type ProviderTokenMock,
  type Rfc6749ErrorBody,
  type Rfc6749TokenBody,
  rfc6749MockDialect,
  type TokenMockOptions,
} from "@scope/auth-core/testing";
import { ${upper}_DEFAULT_BASE_URL } from "./options.js";

export type * from "@scope/auth-core/testing";

/** The token path as routed on a ${entry.title} base URL. */
export const ${upper}_MOCK_TOKEN_PATH = "${facts.tokenPath}";

/** Knobs of the ${entry.title} mock; all optional. \`expiresIn\` is in seconds (default 3600). */
export interface ${pascal}MockOptions extends TokenMockOptions {}

/** A ${entry.title} token-endpoint mock with its counters and knobs. */
export interface ${pascal}TokenMock extends ProviderTokenMock<"${entry.id}", Rfc6749TokenBody, Rfc6749ErrorBody> {}

/** Creates a framework-free mock of ${entry.title}'s token endpoint. */
export function create${pascal}TokenMock(options: ${pascal}MockOptions = {}): ${pascal}TokenMock {
  return createTokenMock(rfc6749MockDialect({ provider: "${entry.id}", tokenPath: ${upper}_MOCK_TOKEN_PATH }), options);
}

/** ${entry.title}'s mock as the generic factory and the loopback emulator read it. */
export const mockDefinition = defineProviderMock<${pascal}TokenMock, ${pascal}MockOptions>({
  provider: "${entry.id}",
  tokenPath: ${upper}_MOCK_TOKEN_PATH,
  defaultBaseUrl: ${upper}_DEFAULT_BASE_URL || "https://${entry.id}.api.test",
  apiFaults: {
    idempotencyHeader: "${idempotencyHeader}",
    errorBody: (status) => ({ error: "server_error", error_description: \`Injected failure (HTTP \${status})\` }),
  },
  createTokenMock: create${pascal}TokenMock,
});

/** Options of create${pascal}Mock: the mock's knobs plus where its handlers listen (default: the production server). */
export interface ${pascal}MswOptions extends ${pascal}MockOptions, ProviderMswOptions {}

/** A ${entry.title} mock with ready msw handlers: \`setupServer(...mock.handlers)\`. */
export interface ${pascal}Mock extends ${pascal}TokenMock, MswMockParts {}

/** Creates msw handlers emulating ${entry.title}'s token endpoint, plus its counters and knobs. */
export function create${pascal}Mock(options: ${pascal}MswOptions = {}): ${pascal}Mock {
  return createProviderMock(mockDefinition, options);
}
`;
}

/** packages/<id>/src/client.test.ts: the shared provider suite (scripts/lib/emulator/client-suite.ts), on msw and the emulator. */
export function clientTestTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const { upper, pascal, factory } = names(entry, facts);
  return `import { expect } from "vitest";
import { describeProviderClient } from "../../../scripts/lib/emulator/client-suite.ts";
import { ${factory}, type ${pascal}ClientOptions } from "./index.js";
import { create${pascal}Mock } from "./testing.js";

const credentials = { clientId: "${entry.id}-client-id", clientSecret: "${entry.id}-super-secret-value" };

/** Calls an operation the typed paths may not spell out (the token operation takes a form body). */
type Untyped = { request(method: string, url: string, init?: { body?: unknown }): Promise<unknown> };

describeProviderClient({
  provider: "${entry.id}",
  credentials,
  // client_secret_post: the suite checks that no Authorization header reaches the token endpoint.
  createClient: (options) => ${factory}({ ...credentials, tokenAuthMethod: "client_secret_post", ...options }),
  createClientRaw: (options) => ${factory}(options as ${pascal}ClientOptions),
  createMswMock: (options) => create${pascal}Mock(options),
  environmentVariables: {
    clientId: "${upper}_CLIENT_ID",
    clientSecret: "${upper}_CLIENT_SECRET",
    options: { tokenAuthMethod: "client_secret_post" },
  },
  expiresInUnitMs: 1000,
  expectTokenRequestBody: (body) => {
    expect(Object.fromEntries(new URLSearchParams(String(body)))).toEqual({
      grant_type: "client_credentials",
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    });
  },
  callTokenOperation: (client) =>
    (client as Untyped).request("post", "${facts.tokenPath}", { body: { grant_type: "client_credentials" } }),
  documentedErrors: [
    {
      name: "400 with an RFC 6749 section 5.2 error",
      status: 400,
      body: { error: "invalid_scope", error_description: "The requested scope is not allowed" },
      headers: { "x-request-id": "${entry.id}-req-400" },
      expected: { code: "invalid_scope", requestId: "${entry.id}-req-400", messageIncludes: "scope is not allowed" },
    },
    {
      name: "401 invalid_client",
      status: 401,
      body: { error: "invalid_client", error_description: "Client authentication failed" },
      expected: { code: "invalid_client", messageIncludes: "Client authentication failed" },
    },
  ],
  extraBadOptions: [
    {
      name: "an unsupported tokenAuthMethod",
      options: { ...credentials, tokenAuthMethod: "private_key_jwt" },
      mentions: "tokenAuthMethod",
    },
    { name: "a tokenUrl that is not a URL", options: { ...credentials, tokenUrl: "/token" }, mentions: "tokenUrl" },
  ],
});
`;
}

/** packages/<id>/README.md. */
export function readme(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const name = `create${facts.pascal}Client`;
  const environment =
    facts.environmentNames.length > 0
      ? `\nThe document declares the environments ${facts.environmentNames.map((e) => `\`${e}\``).join(", ")}: pass \`environment\` to pick one, or \`baseUrl\` to override it.\n`
      : "";
  return `# ${entry.packageName}

Typed TypeScript client for the ${entry.title} API, generated from its OpenAPI document
(\`specs/${entry.spec}\` in the repository) with [openapi-typescript](https://openapi-ts.dev) and
[openapi-fetch](https://openapi-ts.dev/openapi-fetch/). Authentication is the standard OAuth 2.0
client-credentials grant (RFC 6749) against \`${facts.tokenPath}\`, handled by \`@scope/auth-core\`: a token is
fetched once, shared by concurrent callers, refreshed ahead of expiry and replaced after a 401.

## Install

\`\`\`sh
npm install ${entry.packageName}
\`\`\`

## Use

\`\`\`ts
import { ${name} } from "${entry.packageName}";

const client = ${name}({
  clientId: process.env.${entry.id.toUpperCase().replaceAll("-", "_")}_CLIENT_ID!,
  clientSecret: process.env.${entry.id.toUpperCase().replaceAll("-", "_")}_CLIENT_SECRET!,
});
${facts.probe ? `\nconst { data, error } = await client.${facts.probe.method.toUpperCase()}("${facts.probe.path}"${/\{/.test(facts.probe.path) ? ", { params: { path: { /* ... */ } } }" : ""});\n` : ""}\`\`\`
${environment}
Options: \`clientId\`, \`clientSecret\`, \`baseUrl\`, \`environment\`, \`tokenUrl\`, \`tokenAuthMethod\`
(\`client_secret_basic\`, the default, or \`client_secret_post\`), \`scope\`, \`fetch\`, and the auth-core tuning
knobs (\`tokenStore\`, \`onEvent\`, \`logger\`, \`logLevel\`, \`clock\`, \`token\` for the token request and cache,
\`resilience\` for the API calls: both take \`maxRetries\`, \`timeoutMs\`, \`baseDelayMs\`, \`maxDelayMs\`, \`maxRetryAfterMs\`).
A missing secret, a bad URL, an unknown environment or an unknown option throws a \`ClientOptionsError\` naming
every bad option at construction (never its value), with a "did you mean" for an unknown one.

The package also exports the generated \`paths\`, \`components\` and \`operations\` types and the document's
\`environments\`. \`${entry.packageName}/testing\` (msw 2, an optional peer) has \`create${facts.pascal}Mock\`: msw
handlers for the token endpoint and an authenticated echo API, built with auth-core's generic provider mock.
\`${entry.packageName}/validation\` (zod 4, an optional peer) has \`withResponseValidation\`: opt-in checks of
each response against the document (\`observe\` emits a mismatch event, \`strict\` throws), as in \`@scope/dollr\`.

## Maintaining

\`pnpm specs:update ${entry.id}\` vendors a new upstream document, regenerates \`src/generated\` and writes a
changeset with the semver bump the change deserves. Only \`src/generated\` is machine-written.
`;
}

/** packages/<id>/src/testing-server.ts: the loopback mock server (Node only) serving the provider's `mockDefinition`. */
export function testingServerTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const { pascal } = names(entry, facts);
  return `/**
 * ${entry.packageName}/testing/server (Node only: it needs node:http): a loopback HTTP server that speaks
 * ${entry.title}'s token dialect and answers every other path with an authenticated echo API.
 * \`npx ${entry.id}-mock\` runs the same server from the command line.
 */
import {
  type MockServerListenOptions,
  type MockServerParts,
  startProviderMockServer,
} from "@scope/auth-core/testing/server";
import { type ${pascal}MockOptions, type ${pascal}TokenMock, mockDefinition } from "./testing.js";

export type { MockServerListenOptions, MockServerParts } from "@scope/auth-core/testing/server";
export type { ${pascal}MockOptions, ${pascal}TokenMock } from "./testing.js";

/** Options of start${pascal}MockServer: the mock's knobs (\`clientId\`/\`clientSecret\` require those credentials) plus where it listens. */
export interface ${pascal}MockServerOptions extends ${pascal}MockOptions, MockServerListenOptions {}

/** A running ${entry.title} mock server: \`baseUrl\` for the client, the mock's counters and knobs, \`close()\`. */
export interface ${pascal}MockServer extends ${pascal}TokenMock, MockServerParts {}

/** Starts a loopback HTTP server emulating ${entry.title}'s token endpoint and an authenticated echo API. */
export function start${pascal}MockServer(options: ${pascal}MockServerOptions = {}): Promise<${pascal}MockServer> {
  return startProviderMockServer(mockDefinition, options);
}
`;
}

/**
 * packages/<id>/bin/<id>-mock.js: the committed `bin` file, which runs the built command. It exists
 * before any build, so installing the workspace can link the command (a `bin` pointing into dist/
 * made pnpm warn on every fresh install).
 */
export function mockServerBinJs(entry: ProviderEntry): string {
  return `#!/usr/bin/env node
// \`${entry.id}-mock\`: the mock server command, built into dist/. This file is committed, so installing the
// workspace (before any build) can link the command.
import "../dist/mock-server-cli.js";
`;
}

/** packages/<id>/src/mock-server-cli.ts: the `<id>-mock` command. */
export function mockServerCliTs(entry: ProviderEntry): string {
  return `#!/usr/bin/env node
/**
 * \`${entry.id}-mock\`: runs ${entry.title}'s loopback mock server until Ctrl-C and prints \`{"provider":"${entry.id}","baseUrl":…}\`.
 * Flags: --port, --host (loopback only), --client-id/--client-secret (require these credentials), --expires-in.
 */
import { runMockServerCli } from "@scope/auth-core/testing/server";
import { mockDefinition } from "./testing.js";

runMockServerCli(mockDefinition).catch((error: unknown) => {
  process.stderr.write(\`${entry.id}-mock: \${error instanceof Error ? error.message : String(error)}\\n\`);
  process.exitCode = 1;
});
`;
}

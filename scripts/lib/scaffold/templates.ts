/**
 * The files `new-provider` writes for a standards-compliant (RFC 6749 client credentials) provider.
 * Every template is a pure function of the registry entry and a few facts from the document.
 */
import { providerTurboJson, publishFields, repositoryFields } from "../package-files.ts";
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
}

/** `acme-pay` -> `AcmePay`. */
export function pascalCase(id: string): string {
  return id
    .split("-")
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}

/** Serialises JSON the way the repository commits it (2 spaces, trailing newline). */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** packages/<id>/package.json, in the publishing shape of the existing provider packages. */
export function packageJson(entry: ProviderEntry, facts: ScaffoldFacts): string {
  return jsonFile({
    name: entry.packageName,
    version: "0.1.0",
    description: `Typed TypeScript client for the ${entry.title} API, generated from its OpenAPI document.`,
    license: "MIT",
    ...repositoryFields(`packages/${entry.id}`),
    keywords: [entry.id, "openapi", "openapi-fetch", "typescript", "sdk", "oauth2"],
    ...publishFields({ ".": "index" }),
    scripts: {
      generate: "tsx ../../scripts/generate.ts",
      build: "tsup",
      typecheck: "tsc -p tsconfig.json",
      test: "vitest run --typecheck",
      "check:package": "publint --strict && attw --pack .",
    },
    tsup: { entry: ["src/index.ts"], format: ["esm", "cjs"], dts: true, clean: true, target: "node20" },
    dependencies: { "@scope/auth-core": "workspace:^", "openapi-fetch": facts.openapiFetchRange },
  });
}

/** packages/<id>/tsconfig.json. */
export function tsconfigJson(): string {
  return jsonFile({ extends: "../../tsconfig.base.json", include: ["src"] });
}

/** packages/<id>/turbo.json: generation keyed on the provider's own spec. */
export function turboJson(entry: ProviderEntry): string {
  return jsonFile(providerTurboJson(entry));
}

/** packages/<id>/src/index.ts: the package's public surface. */
export function indexTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  return `/**
 * ${entry.packageName}: typed client for the ${entry.title} API.
 * Types are generated from specs/${entry.spec} into ./generated (never edit those files).
 */
export {
  create${facts.pascal}Client,
  PROVIDER,
  TOKEN_OPERATION,
  type ${facts.pascal}ClientOptions,
  type ${facts.pascal}Environment,
} from "./client.js";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";
export { environments, publicOperations, servers, specInfo } from "./generated/spec.gen.js";
`;
}

/** packages/<id>/src/client.ts: the factory on the standard RFC 6749 dialect from auth-core. */
export function clientTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const name = `create${facts.pascal}Client`;
  return `/**
 * ${name}: an openapi-fetch client for ${entry.title} whose requests carry a cached bearer token, obtained
 * with the standard OAuth 2.0 client-credentials grant (RFC 6749) from \`${facts.tokenPath}\`.
 * Scaffolded by \`pnpm new-provider\`; hand-written from here on (only src/generated is machine-written).
 */
import {
  type AuthTuningOptions,
  type ClientAuthMethod,
  createAuthMiddleware,
  createClientCredentialsEndpoint,
  createOpenApiClient,
  createTokenCache,
  createTokenFetcher,
  tokenCacheKey,
} from "@scope/auth-core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { environments, publicOperations, servers } from "./generated/spec.gen.js";

/** Provider id used in errors, events and the token cache key. */
export const PROVIDER = "${entry.id}";

/** The document's token operation; the middleware never sends a bearer token to it. */
export const TOKEN_OPERATION = { method: "POST", path: "${facts.tokenPath}" } as const;

/** An environment the document declares through its server descriptions. */
export type ${facts.pascal}Environment = keyof typeof environments;

/** Options of ${name}. */
export interface ${facts.pascal}ClientOptions extends AuthTuningOptions {
  clientId: string;
  clientSecret: string;
  /** API base URL; overrides \`environment\`. Default: the document's production (or first) server. */
  baseUrl?: string;
  /** One of the environments the document declares (${facts.environmentNames.length > 0 ? facts.environmentNames.map((e) => `"${e}"`).join(", ") : "none"}). */
  environment?: ${facts.pascal}Environment;
  /** Token endpoint URL. Default: the base URL + \`${facts.tokenPath}\`. */
  tokenUrl?: string;
  /** How the client authenticates to the token endpoint. Default \`client_secret_basic\`. */
  tokenAuthMethod?: ClientAuthMethod;
  /** Scope to request with the token. */
  scope?: string | readonly string[];
  /** Used for API and token requests. Default: \`globalThis.fetch\`, looked up at call time. */
  fetch?: typeof globalThis.fetch;
}

const declaredEnvironments: Readonly<Record<string, string>> = environments;
const declaredServers: readonly { url: string }[] = servers;
const AUTH_METHODS: readonly string[] = ["client_secret_basic", "client_secret_post"];

function fail(problem: string): never {
  throw new TypeError(\`${name}: \${problem}\`);
}

function resolveBaseUrl(options: ${facts.pascal}ClientOptions): string {
  let url = options.baseUrl;
  if (url === undefined && options.environment !== undefined) {
    url = declaredEnvironments[options.environment as string];
    if (url === undefined) {
      const known = Object.keys(declaredEnvironments);
      fail(\`unknown environment "\${String(options.environment)}" (known: \${known.join(", ") || "none"})\`);
    }
  }
  url ??= declaredEnvironments.production ?? declaredServers.find((server) => /^https?:\\/\\//.test(server.url))?.url;
  if (url === undefined) fail("baseUrl is required: the document declares no absolute server URL");
  try {
    if (!/^https?:$/.test(new URL(url).protocol)) throw new Error("not http(s)");
  } catch {
    fail("baseUrl must be an absolute http(s) URL");
  }
  return url.replace(/\\/+$/, "");
}

/** Drops undefined fields (exactOptionalPropertyTypes). */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Creates a typed ${entry.title} client; tokens are fetched once, cached and refreshed ahead of expiry. */
export function ${name}(options: ${facts.pascal}ClientOptions): Client<paths> {
  if (typeof options?.clientId !== "string" || options.clientId === "") fail("clientId is required (a non-empty string)");
  if (typeof options.clientSecret !== "string" || options.clientSecret === "") {
    fail("clientSecret is required (a non-empty string)");
  }
  if (options.tokenAuthMethod !== undefined && !AUTH_METHODS.includes(options.tokenAuthMethod)) {
    fail(\`tokenAuthMethod must be one of: \${AUTH_METHODS.join(", ")}\`);
  }
  const baseUrl = resolveBaseUrl(options);
  const tokenUrl = options.tokenUrl ?? \`\${baseUrl}\${TOKEN_OPERATION.path}\`;
  const callFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const { clientId, clientSecret, tokenStore, onEvent, clock, refreshWindow, retry, timeoutMs } = options;
  const endpoint = createClientCredentialsEndpoint(
    defined({
      provider: PROVIDER,
      tokenUrl,
      clientId,
      clientSecret,
      authMethod: options.tokenAuthMethod,
      scope: options.scope,
      fetch: callFetch,
    }),
  );
  const key = tokenCacheKey({ provider: PROVIDER, tokenUrl, clientId, clientSecret });
  const fetchToken = createTokenFetcher(endpoint, defined({ key, retry, timeoutMs, clock, onEvent }));
  const tokenCache = createTokenCache(
    defined({
      key,
      fetchToken,
      store: tokenStore,
      clock,
      refreshWindow,
      negativeCacheMs: options.negativeCacheMs,
      onEvent,
      lockLeaseMs: options.lockLeaseMs,
    }),
  );
  const client = createOpenApiClient<paths>({ baseUrl, fetch: (request: Request) => callFetch(request) });
  client.use(createAuthMiddleware({ tokenCache, baseUrl, publicOperations: [...publicOperations, TOKEN_OPERATION] }));
  return client;
}
`;
}

/** packages/<id>/src/client.test.ts: the factory against an in-process fake of the token endpoint and API. */
export function clientTestTs(entry: ProviderEntry, facts: ScaffoldFacts): string {
  const name = `create${facts.pascal}Client`;
  const probe = facts.probe;
  const probeTests = probe
    ? `
/** Calls the document's \`${probe.method.toUpperCase()} ${probe.path}\` through the typed client, path parameters filled in. */
async function callProbe(client: ReturnType<typeof ${name}>): Promise<Response> {
  const untyped = client as unknown as { request(method: string, url: string): Promise<{ response: Response }> };
  return (await untyped.request("${probe.method.toLowerCase()}", "${probe.path.replace(/\{[^}]*\}/g, "probe")}")).response;
}

describe("${name} against a fake token endpoint and API", () => {
  it("fetches one token with client_secret_basic and sends it as a bearer token on every request", async () => {
    const server = fakeServer();
    const client = ${name}({ clientId: "id", clientSecret: "s3cret", baseUrl: BASE_URL, fetch: server.fetch });
    expect((await callProbe(client)).status).toBe(200);
    expect((await callProbe(client)).status).toBe(200);
    expect(server.tokenRequests).toHaveLength(1);
    const [tokenRequest] = server.tokenRequests;
    expect(tokenRequest?.url).toBe(\`\${BASE_URL}\${TOKEN_OPERATION.path}\`);
    expect(tokenRequest?.headers.get("authorization")).toBe(\`Basic \${btoa("id:s3cret")}\`);
    expect(tokenRequest?.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({ grant_type: "client_credentials" });
    expect(server.apiAuthorizations).toEqual(["Bearer token-1", "Bearer token-1"]);
  });

  it("sends client_secret_post credentials and the scope in the form body", async () => {
    const server = fakeServer();
    const client = ${name}({
      clientId: "id",
      clientSecret: "s3cret",
      baseUrl: BASE_URL,
      fetch: server.fetch,
      tokenAuthMethod: "client_secret_post",
      scope: ["read", "write"],
    });
    expect((await callProbe(client)).status).toBe(200);
    expect(server.tokenRequests[0]?.headers.get("authorization")).toBeNull();
    expect(Object.fromEntries(new URLSearchParams(server.tokenRequests[0]?.body))).toEqual({
      grant_type: "client_credentials",
      scope: "read write",
      client_id: "id",
      client_secret: "s3cret",
    });
  });
});
`
    : "";
  return `import { describe, expect, it } from "vitest";
import { ${name}, TOKEN_OPERATION } from "./index.js";

const BASE_URL = "https://api.${entry.id}.example.test";

interface SeenRequest {
  url: string;
  headers: Headers;
  body: string;
}

/** A fetch that plays an RFC 6749 token endpoint and an API accepting only the issued token. */
function fakeServer() {
  const tokenRequests: SeenRequest[] = [];
  const apiAuthorizations: (string | null)[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    if (request.url === \`\${BASE_URL}\${TOKEN_OPERATION.path}\`) {
      tokenRequests.push({ url: request.url, headers: request.headers, body: await request.text() });
      return Response.json({ access_token: \`token-\${tokenRequests.length}\`, token_type: "Bearer", expires_in: 3600 });
    }
    apiAuthorizations.push(request.headers.get("authorization"));
    const ok = request.headers.get("authorization") === "Bearer token-1";
    return Response.json({}, { status: ok ? 200 : 401 });
  };
  return { fetch, tokenRequests, apiAuthorizations };
}
${probeTests}
describe("${name} options", () => {
  it("rejects missing credentials, a bad base URL and an unknown environment without echoing the secret", () => {
    const server = fakeServer();
    const base = { clientId: "id", clientSecret: "very-secret-value", fetch: server.fetch };
    expect(() => ${name}({ ...base, clientSecret: "" })).toThrow(/clientSecret is required/);
    expect(() => ${name}({ ...base, clientId: "" })).toThrow(/clientId is required/);
    expect(() => ${name}({ ...base, baseUrl: "not a url" })).toThrow(/baseUrl must be an absolute http\\(s\\) URL/);
    const unknownEnvironment = () => ${name}({ ...base, environment: "nowhere" as never });
    expect(unknownEnvironment).toThrow(/unknown environment "nowhere"/);
    expect(unknownEnvironment).not.toThrow(/very-secret-value/);
  });

  it("${facts.hasDefaultBaseUrl ? "defaults the base URL from the document's servers" : "requires a base URL because the document declares no server"}", () => {
    const create = () => ${name}({ clientId: "id", clientSecret: "s" });
    ${facts.hasDefaultBaseUrl ? "expect(create).not.toThrow();" : "expect(create).toThrow(/baseUrl is required/);"}
  });
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
knobs (\`tokenStore\`, \`onEvent\`, \`clock\`, \`refreshWindow\`, \`retry\`, \`timeoutMs\`, \`negativeCacheMs\`, \`lockLeaseMs\`).
A missing secret, a bad URL or an unknown environment throws at construction.

The package also exports the generated \`paths\`, \`components\` and \`operations\` types and the runtime
\`servers\`, \`environments\`, \`publicOperations\` and \`specInfo\` of the document it was generated from.

## Maintaining

\`pnpm specs:update ${entry.id}\` vendors a new upstream document, regenerates \`src/generated\` and writes a
changeset with the semver bump the change deserves. Only \`src/generated\` is machine-written.
`;
}

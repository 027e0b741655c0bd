import { describe, expect, it } from "vitest";
import { ClientOptionsError } from "./option-schemas.js";
import { clientOptionsResolver } from "./provider-options.js";

const resolve = clientOptionsResolver({
  factory: "createAcmeClient",
  environments: { production: "https://api.example.test" },
});
const credentials = { clientId: "id", clientSecret: "very-secret" };

function rejection(options: Record<string, unknown>): ClientOptionsError {
  try {
    resolve({ ...credentials, ...options });
  } catch (error) {
    if (error instanceof ClientOptionsError) return error;
    throw error;
  }
  throw new Error("the options were accepted");
}

describe("an unknown option gets a 'did you mean'", () => {
  it("for another spelling of a known option (baseURL, base_url, clientID)", () => {
    expect(rejection({ baseURL: "https://api.example.test" }).message).toBe(
      'createAcmeClient: unknown option "baseURL"; did you mean "baseUrl"?',
    );
    expect(rejection({ base_url: "https://api.example.test" }).message).toContain('did you mean "baseUrl"?');
    expect(rejection({ clientID: "x" }).message).toContain('unknown option "clientID"; did you mean "clientId"?');
  });

  it("for Stainless' top-level maxRetries and timeout: both places, each with what it tunes", () => {
    expect(rejection({ maxRetries: 3 }).message).toBe(
      'createAcmeClient: unknown option "maxRetries"; did you mean "resilience.maxRetries" (API calls) or "token.maxRetries" (the token request)?',
    );
    expect(rejection({ timeout: 5_000 }).message).toContain(
      'did you mean "resilience.timeoutMs" (API calls) or "token.timeoutMs" (the token request)? (in ms)',
    );
  });

  it("points 0.x's top-level timeoutMs (the token request's) to token.timeoutMs, and says where API attempts are timed", () => {
    expect(rejection({ timeoutMs: 5_000 }).message).toBe(
      'createAcmeClient: unknown option "timeoutMs"; did you mean "token.timeoutMs"? (resilience.timeoutMs times API attempts)',
    );
  });

  it("reads a retry synonym by place: retry is the token group at the top level, maxRetries inside resilience", () => {
    expect(rejection({ resilience: { retry: 2 } }).message).toBe(
      'createAcmeClient: unknown option "resilience.retry"; did you mean "resilience.maxRetries"?',
    );
    expect(rejection({ token: { retry: 2 } }).message).toBe(
      'createAcmeClient: unknown option "token.retry"; did you mean "token.maxRetries"?',
    );
  });

  it("tells a flat dotted key (as a hint prints it) to nest", () => {
    const error = rejection({ "token.maxRetries": 3 });
    expect(error.message).toBe(
      'createAcmeClient: unknown option "token.maxRetries"; nest it: { token: { maxRetries: ... } }',
    );
  });

  it("answers at once for a huge unknown name and shows at most 64 characters of it, escaped", () => {
    const huge = `x${"y".repeat(200_000)}`;
    const error = rejection({ [huge]: 1, 'a"b\nc': 2 });
    expect(error.message.length).toBeLessThan(300);
    expect(error.options[0]).toBe(`${huge.slice(0, 64)}...`);
    expect(error.message).toContain('unknown option "a\\"b\\nc"');
  });

  it("for the names of 0.x (retry.maxAttempts, top-level refreshWindow, negativeCacheMs, lockLeaseMs)", () => {
    expect(rejection({ retry: { maxAttempts: 2 } }).message).toContain(
      'unknown option "retry"; did you mean "token"? (retry.maxAttempts is token.maxRetries + 1)',
    );
    expect(rejection({ token: { maxAttempts: 2 } }).message).toContain(
      'unknown option "token.maxAttempts"; did you mean "token.maxRetries"? (maxAttempts - 1)',
    );
    expect(rejection({ refreshWindow: { fraction: 0.2 } }).message).toContain('did you mean "token.refreshWindow"?');
    expect(rejection({ negativeCacheMs: 10 }).message).toContain('did you mean "token.negativeCacheMs"?');
    expect(rejection({ lockLeaseMs: 10 }).message).toContain('did you mean "token.lockLeaseMs"?');
  });

  it("for a knob in the wrong group, and for a near typo", () => {
    expect(rejection({ token: { retryStatuses: [503] } }).message).toContain(
      'unknown option "token.retryStatuses"; did you mean "resilience.retryStatuses"?',
    );
    expect(rejection({ resilience: { refreshWindow: {} } }).message).toContain('did you mean "token.refreshWindow"?');
    expect(rejection({ token: { tokenStore: {} } }).message).toContain('did you mean "tokenStore"?');
    expect(rejection({ resilience: { maxRetry: 1 } }).message).toContain('did you mean "resilience.maxRetries"?');
    expect(rejection({ enviroment: "production" }).message).toContain('did you mean "environment"?');
  });

  it("suggests only the nearest names: an exact name elsewhere beats a near one here or there", () => {
    expect(rejection({ baseDelayMs: 100 }).message).toBe(
      'createAcmeClient: unknown option "baseDelayMs"; did you mean "resilience.baseDelayMs" (API calls) or "token.baseDelayMs" (the token request)?',
    );
    expect(rejection({ token: { maxDelay: 100 } }).message).toContain('did you mean "token.maxDelayMs"?');
  });

  it("but not for a name close to nothing, nor for a key named like an Object.prototype member", () => {
    expect(rejection({ shoeSize: 44 }).message).toBe('createAcmeClient: unknown option "shoeSize"');
    for (const key of ["constructor", "toString", "__proto__x", "hasOwnProperty", ""]) {
      expect(rejection({ [key]: 1 }).message).toBe(`createAcmeClient: unknown option "${key}"`);
    }
  });
});

describe("every bad option is listed, not just the first", () => {
  it("names each unknown and each invalid option, in the message and in error.options, never a value", () => {
    const error = rejection({
      baseURL: "https://api.example.test",
      maxRetries: 3,
      token: { maxRetries: 11, timeoutMs: -1 },
      resilience: { deadlineMs: 0 },
      logLevel: "very-secret",
    });
    expect(error.options).toEqual([
      "logLevel",
      "token.maxRetries",
      "token.timeoutMs",
      "resilience.deadlineMs",
      "baseURL",
      "maxRetries",
    ]);
    expect(error.option).toBe("logLevel");
    expect(error.message).toMatch(/^createAcmeClient: 6 problems: /);
    for (const option of error.options) expect(error.message).toContain(`"${option}"`);
    expect(error.message).toContain('option "token.maxRetries": must be <= 10');
    expect(error.message).not.toContain("very-secret");
  });

  it("lists what the later checks find too: a missing credential and a cleartext URL, beside the schema's problems", () => {
    let error: unknown;
    try {
      resolve({ clientId: "id", baseUrl: "http://api.example.test", baseURL: "x" });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ClientOptionsError);
    const { options, message } = error as ClientOptionsError;
    expect(options).toEqual(["baseURL", "clientSecret"]);
    expect(message).toBe(
      'createAcmeClient: 2 problems: unknown option "baseURL"; did you mean "baseUrl"?; option "clientSecret" is required: pass it',
    );
    const cleartext = rejection({ baseUrl: "http://api.example.test", token: { timeoutMs: 0 } });
    expect(cleartext.options).toEqual(["token.timeoutMs", "baseUrl"]);
    expect(cleartext.message).toContain('option "baseUrl": cleartext http:// to api.example.test');
  });

  it("keeps a single problem on one line with error.options of one", () => {
    const error = rejection({ token: { timeoutMs: 0 } });
    expect(error.message).toBe('createAcmeClient: option "token.timeoutMs": must be greater than 0');
    expect(error.options).toEqual(["token.timeoutMs"]);
  });
});

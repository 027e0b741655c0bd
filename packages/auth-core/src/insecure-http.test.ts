import { describe, expect, it } from "vitest";
import { assertSecureUrl, isLoopbackHost } from "./insecure-http.js";
import { ClientOptionsError } from "./option-schemas.js";

describe("isLoopbackHost", () => {
  it("knows 127.0.0.0/8, ::1 and localhost, and nothing else", () => {
    for (const host of ["127.0.0.1", "127.255.0.9", "[::1]", "localhost", "LOCALHOST", "api.localhost", "localhost."]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["128.0.0.1", "10.0.0.1", "localhost.example.com", "127.0.0.1.nip.io", "[::2]", "example.com"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("assertSecureUrl", () => {
  it("refuses http:// to a remote host with a ClientOptionsError naming the option, unless opted in", () => {
    const refuse = () => assertSecureUrl("createAcmeClient", "http://api.acme.example/v1", undefined);
    expect(refuse).toThrow(ClientOptionsError);
    expect(refuse).toThrow(
      /createAcmeClient: option "baseUrl": cleartext http:\/\/ to api\.acme\.example; use https:\/\//,
    );
    expect(() => assertSecureUrl("f", "http://api.acme.example", true)).not.toThrow();
    expect(() => assertSecureUrl("f", "http://api.acme.example", "true")).toThrow(ClientOptionsError);
  });

  it("accepts https:// anywhere and http:// to loopback", () => {
    expect(() => assertSecureUrl("f", "https://api.acme.example", undefined)).not.toThrow();
    expect(() => assertSecureUrl("f", "http://127.0.0.1:4010", undefined)).not.toThrow();
    expect(() => assertSecureUrl("f", "http://[::1]:4010/x", undefined)).not.toThrow();
  });
});

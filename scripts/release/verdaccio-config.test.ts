import { describe, expect, it } from "vitest";
import { formatVerdaccioConfig, verdaccioConfig } from "./verdaccio-config.ts";

const input = {
  storageDir: "/tmp/x/storage",
  htpasswdFile: "/tmp/x/htpasswd",
  uplinkUrl: "http://127.0.0.1:9/upstream/",
  ownScopes: ["@scope"],
};

describe("verdaccioConfig", () => {
  it("never proxies our own scope, so the real registry cannot shadow what the test publishes", () => {
    const packages = verdaccioConfig(input).packages as Record<string, Record<string, string>>;
    expect(packages["@scope/*"]).toEqual({ access: "$all", publish: "$authenticated", unpublish: "$authenticated" });
    expect(packages["**"]?.proxy).toBe("upstream");
  });

  it("proxies everything else to the given uplink and keeps storage in the throwaway folder", () => {
    const config = verdaccioConfig(input);
    expect(config.storage).toBe("/tmp/x/storage");
    expect((config.uplinks as { upstream: { url: string } }).upstream.url).toBe(input.uplinkUrl);
    expect(Object.keys(config.packages as object)).toEqual(["@scope/*", "**"]);
  });

  it("passes npm's proxies on to the uplink only when npm has them", () => {
    const uplink = (config: Record<string, unknown>) =>
      (config.uplinks as { upstream: Record<string, unknown> }).upstream;
    expect(uplink(verdaccioConfig(input))).not.toHaveProperty("https_proxy");
    const proxied = verdaccioConfig({
      ...input,
      httpsProxy: "http://127.0.0.1:3128",
      httpProxy: "http://127.0.0.1:3129",
    });
    expect(uplink(proxied)).toMatchObject({
      https_proxy: "http://127.0.0.1:3128",
      http_proxy: "http://127.0.0.1:3129",
    });
  });

  it("rejects an uplink that is not an http(s) URL and a malformed scope", () => {
    expect(() => verdaccioConfig({ ...input, uplinkUrl: "undefined" })).toThrow(/http\(s\) URL/);
    expect(() => verdaccioConfig({ ...input, ownScopes: ["scope"] })).toThrow(/not an npm scope/);
  });

  it("serialises to JSON, which Verdaccio reads as YAML", () => {
    const text = formatVerdaccioConfig(verdaccioConfig(input));
    expect(JSON.parse(text)).toEqual(verdaccioConfig(input));
    expect(text.endsWith("\n")).toBe(true);
  });
});

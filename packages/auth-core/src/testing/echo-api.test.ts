import { describe, expect, it } from "vitest";
import { echoOf, readJson } from "./echo-api.js";

describe("readJson", () => {
  it("parses a JSON body", async () => {
    expect(await readJson(new Request("https://api.test/x", { method: "POST", body: '{"a":1}' }))).toEqual({ a: 1 });
  });

  it("returns the raw text of a body that is not JSON", async () => {
    expect(await readJson(new Request("https://api.test/x", { method: "POST", body: "a=1&b=2" }))).toBe("a=1&b=2");
  });

  it("returns undefined for an empty body", async () => {
    expect(await readJson(new Request("https://api.test/x"))).toBeUndefined();
  });
});

describe("echoOf", () => {
  it("reports the path relative to the base URL's path, the query and the body", async () => {
    const request = new Request("https://api.test/v2/things/7?limit=3", { method: "PUT", body: '{"name":"n"}' });
    expect(await echoOf(request, "https://api.test/v2/")).toEqual({
      method: "PUT",
      path: "/things/7",
      query: { limit: "3" },
      body: { name: "n" },
    });
  });

  it("keeps the whole path when the base URL has no path", async () => {
    const echo = await echoOf(new Request("https://api.test/things"), "https://api.test");
    expect(echo.path).toBe("/things");
  });
});

import { describe, expect, it } from "vitest";
import { parseSpecText, SpecError, specFacts } from "./spec-facts.ts";

const doc = (extra: string) => parseSpecText(`openapi: 3.1.0\ninfo:\n  title: T\n  version: "1"\n${extra}`, "t.yaml");

describe("specFacts", () => {
  it("maps server descriptions to production and sandbox", () => {
    const facts = specFacts(
      doc(
        "servers:\n  - url: https://a\n    description: Production (live)\n  - url: https://b\n    description: Sandbox (test)\n",
      ),
      "t.yaml",
    );
    expect(facts.environments).toEqual({ production: "https://a", sandbox: "https://b" });
  });

  it("drops an environment that two servers claim, rather than guessing", () => {
    const facts = specFacts(
      doc(
        "servers:\n  - url: https://a\n    description: Production EU\n  - url: https://b\n    description: Production US\n",
      ),
      "t.yaml",
    );
    expect(facts.environments).toEqual({});
    expect(facts.servers).toHaveLength(2);
  });

  it("lists only operations that declare security: [] themselves", () => {
    const facts = specFacts(
      doc(
        [
          "security: []",
          "paths:",
          "  /a:",
          "    get:",
          "      responses: {}",
          "    post:",
          "      operationId: open",
          "      security: []",
          "      responses: {}",
          "  /b:",
          "    delete:",
          "      security:",
          "        - bearer: []",
          "      responses: {}",
          "",
        ].join("\n"),
      ),
      "t.yaml",
    );
    expect(facts.publicOperations).toEqual([{ method: "POST", path: "/a", operationId: "open" }]);
    expect(facts.operationCount).toBe(3);
  });

  it("rejects a server without a url, naming its index", () => {
    expect(() => specFacts(doc("servers:\n  - description: nope\n"), "t.yaml")).toThrowError(
      new SpecError("t.yaml: servers[0].url must be a string"),
    );
  });

  it("rejects duplicate keys and missing info", () => {
    expect(() => parseSpecText("openapi: 3.0.0\nopenapi: 3.0.1\n", "d.yaml")).toThrowError(
      /^d\.yaml:2:1: cannot parse/,
    );
    expect(() => parseSpecText("openapi: 3.0.0\npaths: {}\n", "d.yaml")).toThrowError(
      "d.yaml: `info.title` and `info.version` are required strings",
    );
  });
});

describe("parseSpecText on JSON documents", () => {
  it("reads a JSON document and still locates a JSON syntax error", () => {
    const json = JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, paths: {} });
    expect(specFacts(parseSpecText(json, "t.json"), "t.json").title).toBe("T");
    expect(() => parseSpecText('{\n  "openapi": "3.1.0",\n  "info": {\n}}}\n', "t.json")).toThrowError(
      /^t\.json:\d+:\d+: cannot parse/,
    );
    expect(() => parseSpecText('{"swagger": "2.0"}', "t.json")).toThrowError("t.json: `openapi` must be a 3.0.x");
  });
});

import { describe, expect, it } from "vitest";
import { bytesByGroup, groupOfPackage, packageOfInput } from "./attribute.js";

describe("packageOfInput", () => {
  it("names pnpm-installed packages by their last node_modules segment", () => {
    expect(packageOfInput("../node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/mini/schemas.js")).toBe("zod");
    expect(packageOfInput("node_modules/.pnpm/x@1/node_modules/@scope/auth-core/dist/index.js")).toBe(
      "@scope/auth-core",
    );
    expect(packageOfInput("../node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.mjs")).toBe(
      "openapi-fetch",
    );
  });

  it("names workspace sources by their packages/ folder", () => {
    expect(packageOfInput("../packages/dollr/dist/index.js")).toBe("@scope/dollr");
    expect(packageOfInput("entry.js")).toBe("(entry)");
  });
});

describe("bytesByGroup", () => {
  it("sums our packages together and keeps openapi-fetch, zod and others apart", () => {
    const totals = bytesByGroup([
      ["../packages/dollr/dist/index.js", 100],
      ["../packages/auth-core/dist/index.js", 50],
      ["node_modules/.pnpm/zod@4/node_modules/zod/index.js", 70],
      ["node_modules/.pnpm/openapi-fetch@0.17.0/node_modules/openapi-fetch/dist/index.mjs", 30],
      ["node_modules/.pnpm/tslib@2/node_modules/tslib/x.js", 5],
    ]);
    expect(Object.fromEntries(totals)).toEqual({ ours: 150, zod: 70, "openapi-fetch": 30, other: 5 });
    expect(groupOfPackage("@scope/duro")).toBe("ours");
  });
});

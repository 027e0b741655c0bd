import { describe, expect, expectTypeOf, it } from "vitest";
import * as s from "./schema.js";

const SECRET = "value-that-must-not-leak";

const issuesOf = <T>(schema: s.Schema<T>, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error("expected the value to be rejected");
  return result.error.issues;
};

describe("schema: token-response shapes", () => {
  const token = s.object({
    access_token: s.string({ minLength: 1 }),
    expires_in: s.number(),
    token_type: s.optional(s.string()),
  });

  it("accepts a valid body, drops unknown keys and infers optional properties", () => {
    const result = token.safeParse({ access_token: "t", expires_in: 60, extra: SECRET });
    expect(result).toEqual({ success: true, data: { access_token: "t", expires_in: 60 } });
    expectTypeOf<s.Infer<typeof token>>().toEqualTypeOf<{
      access_token: string;
      expires_in: number;
      token_type?: string | undefined;
    }>();
  });

  it("names each bad field with zod's codes and the expected type, never the value", () => {
    const issues = issuesOf(token, { access_token: 42, expires_in: "60", token_type: SECRET.length });
    expect(issues.map(({ code, path, expected }) => ({ code, path, expected }))).toEqual([
      { code: "invalid_type", path: ["access_token"], expected: "string" },
      { code: "invalid_type", path: ["expires_in"], expected: "number" },
      { code: "invalid_type", path: ["token_type"], expected: "string" },
    ]);
    expect(JSON.stringify(issuesOf(token, { access_token: SECRET, expires_in: SECRET }))).not.toContain(SECRET);
  });

  it("rejects empty strings, non-finite numbers, null, arrays and a missing body", () => {
    expect(issuesOf(token, { access_token: "", expires_in: 1 })[0]?.code).toBe("too_small");
    expect(issuesOf(token, { access_token: "t", expires_in: Number.POSITIVE_INFINITY })[0]?.path).toEqual([
      "expires_in",
    ]);
    for (const body of [null, [1, 2], undefined, "text"]) {
      expect(issuesOf(token, body)[0]).toMatchObject({ code: "invalid_type", path: [], expected: "object" });
    }
  });

  it("validates nested objects, arrays with a minimum length, and unions (first match wins)", () => {
    const detail = s.object({
      detail: s.array(s.object({ loc: s.array(s.union([s.string(), s.number()])), msg: s.string() }), { minLength: 1 }),
    });
    expect(detail.safeParse({ detail: [{ loc: ["body", 0], msg: "bad" }] }).success).toBe(true);
    expect(issuesOf(detail, { detail: [] })[0]?.code).toBe("too_small");
    expect(issuesOf(detail, { detail: [{ loc: [true], msg: "bad" }] })[0]?.path).toEqual(["detail", 0, "loc", 0]);
    const either = s.union([
      s.object({ data: s.object({ accessToken: s.string() }) }),
      s.object({ access_token: s.string() }),
    ]);
    expect(either.parse({ access_token: "plain" })).toEqual({ access_token: "plain" });
    expect(() => either.parse({})).toThrow(/data: expected object, received undefined/);
  });
});

describe("schema: option shapes", () => {
  const options = s.strictObject({
    attempts: s.optional(s.number({ int: true, min: 1 })),
    fraction: s.optional(s.number({ min: 0, max: 1 })),
    timeout: s.optional(s.number({ positive: true })),
    env: s.optional(s.picklist(["production", "sandbox"])),
    flag: s.optional(s.boolean({ error: "must be a boolean" })),
    url: s.optional(s.refine(s.string(), (v) => v.startsWith("https://"), { error: "must be https" })),
    fn: s.optional(s.custom<() => void>((v) => typeof v === "function", { error: "must be a function" })),
  });

  it("accepts valid options and keeps an explicitly undefined key", () => {
    expect(options.parse({ attempts: 2, fraction: 0.5, env: "sandbox", flag: undefined })).toEqual({
      attempts: 2,
      fraction: 0.5,
      env: "sandbox",
      flag: undefined,
    });
  });

  it("reports unknown keys, bounds, integers, picklists, refinements and custom checks with their paths", () => {
    const issues = issuesOf(options, {
      attempts: 1.5,
      fraction: 2,
      timeout: 0,
      env: "staging",
      flag: "yes",
      url: "http://x",
      fn: 1,
      extra: true,
    });
    expect(issues.map((issue) => [issue.path.join("."), issue.code, issue.message])).toEqual([
      ["attempts", "invalid_type", "expected int, received number"],
      ["fraction", "too_big", "must be <= 1"],
      ["timeout", "too_small", "must be greater than 0"],
      ["env", "invalid_value", "must be one of: production, sandbox"],
      ["flag", "invalid_type", "must be a boolean"],
      ["url", "custom", "must be https"],
      ["fn", "custom", "must be a function"],
      ["", "unrecognized_keys", "has unknown keys"],
    ]);
    expect(issues.at(-1)?.keys).toEqual(["extra"]);
    expect(issuesOf(options, { attempts: 0 })[0]?.message).toBe("must be >= 1");
  });
});

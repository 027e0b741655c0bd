/** Turns schema issues into value-free ResponseIssues: paths, codes and JSON type names only. */
import type { JsonTypeName, ResponseIssue, SchemaIssueLike } from "./types.js";

/** The JSON type name of a value (`missing` for undefined). */
export function jsonTypeOf(value: unknown): JsonTypeName {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  const type = typeof value;
  return type === "string" || type === "number" || type === "boolean" ? type : "object";
}

function at(body: unknown, path: readonly (string | number)[]): unknown {
  let node = body;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

function plainPath(path: readonly PropertyKey[]): (string | number)[] {
  return path.map((key) => (typeof key === "symbol" ? String(key.description) : key));
}

/** Value-free issues for `body`: an unrecognized-keys issue becomes one `unrecognized_key` issue per extra field. */
export function describeIssues(issues: readonly SchemaIssueLike[], body: unknown): ResponseIssue[] {
  const described: ResponseIssue[] = [];
  for (const issue of issues) {
    const path = plainPath(issue.path);
    if (issue.code === "unrecognized_keys" && issue.keys) {
      for (const key of issue.keys)
        described.push({
          path: [...path, key],
          code: "unrecognized_key",
          received: jsonTypeOf(at(body, [...path, key])),
        });
      continue;
    }
    const received = jsonTypeOf(at(body, path));
    described.push(
      issue.code === "invalid_type" && typeof issue.expected === "string"
        ? { path, code: issue.code, expected: issue.expected, received }
        : { path, code: issue.code, received },
    );
  }
  return described;
}

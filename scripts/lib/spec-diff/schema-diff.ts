import { type ChangeLevel, isObject, type Json } from "./model.ts";
import { resolveRef } from "./refs.ts";

/** Whether a schema describes what the client sends (request) or what it receives (response). */
export type Direction = "request" | "response";

/** One schema difference; `scope` names the shared component it was found in, if any. */
export interface SchemaFinding {
  level: ChangeLevel;
  text: string;
  scope?: string;
}

/** Compares schemas of two documents; shared components are compared once per direction and memoised. */
export class SchemaDiffer {
  private readonly memo = new Map<string, SchemaFinding[]>();
  private readonly active = new Set<string>();

  constructor(
    private readonly oldDoc: Json,
    private readonly newDoc: Json,
  ) {}

  /** Findings for `oldSchema` -> `newSchema` at `field` (dotted path, "" for the root). */
  compare(oldSchema: unknown, newSchema: unknown, direction: Direction, field = ""): SchemaFinding[] {
    const before = resolveRef(this.oldDoc, oldSchema);
    const after = resolveRef(this.newDoc, newSchema);
    if (!before.node || !after.node) return [];
    if (before.ref && before.ref === after.ref) {
      const key = `${direction}|${before.ref}`;
      const cached = this.memo.get(key);
      if (cached) return cached;
      if (this.active.has(key)) return [];
      this.active.add(key);
      const scope = `\`${before.ref.split("/").pop()}\` in ${direction}s`;
      const findings = this.compareNodes(before.node, after.node, direction, "").map((finding) =>
        finding.scope ? finding : { ...finding, scope },
      );
      this.active.delete(key);
      this.memo.set(key, findings);
      return findings;
    }
    return this.compareNodes(before.node, after.node, direction, field);
  }

  private compareNodes(before: Json, after: Json, direction: Direction, field: string): SchemaFinding[] {
    const out: SchemaFinding[] = [];
    const subject = field === "" ? "" : `field \`${field}\``;
    const label = subject === "" ? "" : `${subject} `;
    const about = subject === "" ? "" : `${subject}: `;
    const add = (level: ChangeLevel, text: string) => out.push({ level, text });
    const oldFlat = flatten(this.oldDoc, before);
    const newFlat = flatten(this.newDoc, after);

    const oldTypes = typesOf(oldFlat);
    const newTypes = typesOf(newFlat);
    if (oldTypes.length > 0 && newTypes.length > 0 && oldTypes.join("|") !== newTypes.join("|")) {
      const widened = covers(newTypes, oldTypes);
      const narrowed = covers(oldTypes, newTypes);
      const safe = direction === "request" ? widened : narrowed;
      add(safe ? "minor" : "major", `${label}changed type from ${oldTypes.join(" | ")} to ${newTypes.join(" | ")}`);
    } else if (oldTypes.length > 0 && newTypes.length === 0 && !hasComposition(after)) {
      // The generated type becomes `unknown`: reading it breaks; sending anything is a widening.
      add(
        direction === "request" ? "minor" : "major",
        `${label}no longer declares a type (was ${oldTypes.join(" | ")}, now unknown)`,
      );
    }

    if (direction === "request") {
      for (const change of constraintChanges(before, after)) {
        add(change.tightened ? "major" : "minor", `${about}${change.text}`);
      }
    }

    const oldEnum = enumOf(oldFlat);
    const newEnum = enumOf(newFlat);
    if (oldEnum && newEnum) {
      const removed = oldEnum.filter((value) => !newEnum.includes(value));
      const added = newEnum.filter((value) => !oldEnum.includes(value));
      if (removed.length > 0) add("major", `${about}enum value${plural(removed)} ${list(removed)} removed`);
      if (added.length > 0) add("minor", `${about}enum value${plural(added)} ${list(added)} added`);
    } else if (oldEnum && !newEnum) {
      add(direction === "request" ? "minor" : "major", `${label}is no longer restricted to ${list(oldEnum)}`);
    } else if (!oldEnum && newEnum) {
      add(direction === "request" ? "major" : "minor", `${label}is now restricted to ${list(newEnum)}`);
    }

    if (oldFlat.properties || newFlat.properties) {
      const oldProps = oldFlat.properties ?? {};
      const newProps = newFlat.properties ?? {};
      for (const name of Object.keys(oldProps)) {
        if (!(name in newProps)) add("major", `field \`${join(field, name)}\` removed`);
      }
      for (const name of Object.keys(newProps)) {
        if (name in oldProps) continue;
        const path = `\`${join(field, name)}\``;
        if (direction === "response") add("minor", `field ${path} added`);
        else if (newFlat.required.has(name)) add("major", `new required field ${path}`);
        else add("minor", `new optional field ${path}`);
      }
      for (const name of Object.keys(oldProps)) {
        if (!(name in newProps)) continue;
        const path = `field \`${join(field, name)}\``;
        const wasRequired = oldFlat.required.has(name);
        const isRequired = newFlat.required.has(name);
        if (!wasRequired && isRequired) {
          add(direction === "request" ? "major" : "minor", `${path} is now required`);
        } else if (wasRequired && !isRequired) {
          add(direction === "request" ? "minor" : "major", `${path} is no longer required`);
        }
        out.push(...this.compare(oldProps[name], newProps[name], direction, join(field, name)));
      }
    }

    out.push(...this.mapValues(oldFlat, newFlat, direction, field));

    if (oldFlat.items !== undefined && newFlat.items !== undefined) {
      out.push(...this.compare(oldFlat.items, newFlat.items, direction, `${field}[]`));
    }

    for (const keyword of ["oneOf", "anyOf"] as const) {
      const oldVariants = Array.isArray(before[keyword]) ? (before[keyword] as unknown[]) : [];
      const newVariants = Array.isArray(after[keyword]) ? (after[keyword] as unknown[]) : [];
      if (oldVariants.length === 0 && newVariants.length === 0) continue;
      // Variants are matched by content, so a reordered list is no change; the variants left
      // unmatched on both sides are compared in order.
      const unmatchedNew: (string | undefined)[] = newVariants.map((variant) => stableJson(variant));
      const leftOld: unknown[] = [];
      for (const variant of oldVariants) {
        const index = unmatchedNew.indexOf(stableJson(variant));
        if (index < 0) {
          leftOld.push(variant);
          continue;
        }
        unmatchedNew[index] = undefined;
        // Matched by text, but a `$ref` inside it may point at a schema that changed: follow it.
        if (containsRef(variant)) out.push(...this.compare(variant, newVariants[index], direction, field));
      }
      const leftNew = newVariants.filter((_, index) => unmatchedNew[index] !== undefined);
      const shared = Math.min(leftOld.length, leftNew.length);
      for (let index = 0; index < shared; index++) {
        out.push(...this.compare(leftOld[index], leftNew[index], direction, field));
      }
      if (newVariants.length > oldVariants.length) {
        add(direction === "request" ? "minor" : "major", `${label}accepts ${keyword} alternatives it did not before`);
      } else if (newVariants.length < oldVariants.length) {
        add(direction === "request" ? "major" : "minor", `${label}lost ${keyword} alternatives`);
      }
    }
    return out;
  }

  /**
   * `additionalProperties` becomes an index signature (`[key: string]: T`) in the generated types:
   * its value type is compared like a field (`field{}`), and a map that disappears breaks code that
   * reads or writes arbitrary keys.
   */
  private mapValues(before: Flat, after: Flat, direction: Direction, field: string): SchemaFinding[] {
    const label = field === "" ? "" : `field \`${field}\` `;
    const oldMap = before.additionalProperties;
    const newMap = after.additionalProperties;
    if (oldMap === undefined && newMap === undefined) return [];
    if (oldMap !== undefined && newMap === undefined) {
      return [{ level: "major", text: `${label}no longer accepts additional properties` }];
    }
    if (oldMap === undefined) return [{ level: "minor", text: `${label}now accepts additional properties` }];
    if (oldMap === true || newMap === true) {
      // `true` generates `unknown` values: widening on the side that receives them breaks readers.
      if (oldMap === newMap) return [];
      const widened = newMap === true;
      const safe = direction === "request" ? widened : !widened;
      return [
        {
          level: safe ? "minor" : "major",
          text: `${label}additional property values are ${widened ? "no longer typed" : "now typed"}`,
        },
      ];
    }
    return this.compare(oldMap, newMap, direction, `${field}{}`);
  }
}

/** JSON with object keys sorted, so two schemas written in a different key order compare equal. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** True when a schema holds a `$ref` anywhere (its meaning then depends on the document around it). */
function containsRef(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(containsRef);
  if (!isObject(value)) return false;
  return typeof value.$ref === "string" || Object.values(value).some(containsRef);
}

function hasComposition(schema: Json): boolean {
  return ["oneOf", "anyOf", "allOf", "$ref", "not"].some((keyword) => schema[keyword] !== undefined);
}

/** A validation keyword and which way of changing it makes the server reject what it used to accept. */
const LOWER_BOUNDS = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"] as const;
const UPPER_BOUNDS = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"] as const;

/** Request-side constraint changes: a new or stricter bound or pattern is tightened (breaking), the rest loosened. */
function constraintChanges(before: Json, after: Json): { tightened: boolean; text: string }[] {
  const out: { tightened: boolean; text: string }[] = [];
  const bound = (keyword: string, stricter: (a: number, b: number) => boolean) => {
    const a = typeof before[keyword] === "number" ? (before[keyword] as number) : undefined;
    const b = typeof after[keyword] === "number" ? (after[keyword] as number) : undefined;
    if (a === b) return;
    if (b === undefined) out.push({ tightened: false, text: `\`${keyword}\` ${a} removed` });
    else if (a === undefined) out.push({ tightened: true, text: `\`${keyword}\` ${b} added` });
    else out.push({ tightened: stricter(a, b), text: `\`${keyword}\` changed from ${a} to ${b}` });
  };
  for (const keyword of LOWER_BOUNDS) bound(keyword, (a, b) => b > a);
  for (const keyword of UPPER_BOUNDS) bound(keyword, (a, b) => b < a);
  bound("multipleOf", (a, b) => b % a !== 0);
  const oldPattern = typeof before.pattern === "string" ? before.pattern : undefined;
  const newPattern = typeof after.pattern === "string" ? after.pattern : undefined;
  if (oldPattern !== newPattern) {
    if (newPattern === undefined) out.push({ tightened: false, text: `pattern \`${oldPattern}\` removed` });
    else if (oldPattern === undefined) out.push({ tightened: true, text: `pattern \`${newPattern}\` added` });
    else out.push({ tightened: true, text: `pattern changed from \`${oldPattern}\` to \`${newPattern}\`` });
  }
  return out;
}

interface Flat {
  types: Set<string>;
  properties?: Record<string, unknown>;
  required: Set<string>;
  items?: unknown;
  enumValues?: unknown[];
  /** The `additionalProperties` schema (`true` for untyped values); absent or `false` is undefined. */
  additionalProperties?: unknown;
  node: Json;
}

/** Merges `allOf` members into one view of types, properties and required names. */
function flatten(document: Json, node: Json, depth = 0): Flat {
  const flat: Flat = { types: new Set(), required: new Set(), node };
  const mergeFrom = (schema: Json) => {
    for (const type of declaredTypes(schema)) flat.types.add(type);
    if (isObject(schema.properties)) flat.properties = { ...flat.properties, ...schema.properties };
    if (Array.isArray(schema.required)) for (const name of schema.required) flat.required.add(String(name));
    if (schema.items !== undefined && flat.items === undefined) flat.items = schema.items;
    const values = Array.isArray(schema.enum) ? schema.enum : "const" in schema ? [schema.const] : undefined;
    if (values && flat.enumValues === undefined) flat.enumValues = values;
    const map = schema.additionalProperties;
    if (map !== undefined && map !== false && flat.additionalProperties === undefined) {
      flat.additionalProperties = isObject(map) && Object.keys(map).length === 0 ? true : map;
    }
  };
  mergeFrom(node);
  if (Array.isArray(node.allOf) && depth < 10) {
    for (const member of node.allOf) {
      const resolved = resolveRef(document, member).node;
      if (!resolved) continue;
      const inner = flatten(document, resolved, depth + 1);
      for (const type of inner.types) flat.types.add(type);
      if (inner.properties) flat.properties = { ...flat.properties, ...inner.properties };
      for (const name of inner.required) flat.required.add(name);
      if (inner.items !== undefined && flat.items === undefined) flat.items = inner.items;
      if (inner.enumValues && flat.enumValues === undefined) flat.enumValues = inner.enumValues;
      if (inner.additionalProperties !== undefined && flat.additionalProperties === undefined) {
        flat.additionalProperties = inner.additionalProperties;
      }
    }
  }
  if (flat.types.size === 0 && flat.enumValues) {
    for (const value of flat.enumValues) flat.types.add(value === null ? "null" : typeof value);
  }
  if (flat.types.size === 0 && flat.properties) flat.types.add("object");
  return flat;
}

function declaredTypes(schema: Json): string[] {
  const types: string[] = [];
  if (typeof schema.type === "string") types.push(schema.type);
  else if (Array.isArray(schema.type)) for (const type of schema.type) types.push(String(type));
  if (schema.nullable === true) types.push("null");
  return types;
}

function typesOf(flat: Flat): string[] {
  return [...flat.types].sort();
}

function enumOf(flat: Flat): string[] | undefined {
  return flat.enumValues?.map((value) => JSON.stringify(value));
}

/** True when every type in `inner` is accepted by `outer` (an integer is a number). */
function covers(outer: string[], inner: string[]): boolean {
  return inner.every((type) => outer.includes(type) || (type === "integer" && outer.includes("number")));
}

function join(field: string, name: string): string {
  return field === "" ? name : `${field}.${name}`;
}

function plural(values: unknown[]): string {
  return values.length === 1 ? "" : "s";
}

function list(values: string[]): string {
  const shown = values.slice(0, 8).map((value) => `\`${value.replace(/^"|"$/g, "")}\``);
  return values.length > 8 ? `${shown.join(", ")} and ${values.length - 8} more` : shown.join(", ");
}

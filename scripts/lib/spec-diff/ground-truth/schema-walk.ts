/**
 * Schema walking for the ground-truth consumer: literal sample values a consumer would send, and the
 * property reads a consumer would make, both derived from the document the consumer was written against.
 */

import { isObject, type Json } from "../model.ts";
import { resolveRef } from "../refs.ts";

/** `minimal` sets only required fields and picks first alternatives; `full` sets every field and picks last ones. */
export type SampleMode = "minimal" | "full";

const MAX_DEPTH = 6;

/** The key a sample uses for an `additionalProperties` map entry, and a read uses to look one up. */
export const MAP_KEY = "any_key";

interface ObjectView {
  properties: Record<string, unknown>;
  required: Set<string>;
  additionalProperties?: unknown;
}

/** Merges a schema's own properties with those of its `allOf` members (resolved). */
function objectView(document: Json, node: Json, depth = 0): ObjectView {
  const view: ObjectView = { properties: {}, required: new Set() };
  if (isObject(node.properties)) Object.assign(view.properties, node.properties);
  if (Array.isArray(node.required)) for (const name of node.required) view.required.add(String(name));
  const map = node.additionalProperties;
  if (map !== undefined && map !== false) view.additionalProperties = map;
  if (Array.isArray(node.allOf) && depth < MAX_DEPTH) {
    for (const member of node.allOf) {
      const resolved = resolveRef(document, member).node;
      if (!resolved) continue;
      const inner = objectView(document, resolved, depth + 1);
      Object.assign(view.properties, inner.properties);
      for (const name of inner.required) view.required.add(name);
      view.additionalProperties ??= inner.additionalProperties;
    }
  }
  return view;
}

function firstType(node: Json): string | undefined {
  if (typeof node.type === "string") return node.type;
  if (Array.isArray(node.type)) return node.type.map(String).find((type) => type !== "null") ?? "null";
  return undefined;
}

/** A TypeScript literal the old generated type accepts, or undefined when no finite sample exists (a cycle). */
export function sampleOf(document: Json, schema: unknown, mode: SampleMode, seen: string[] = []): string | undefined {
  const { node, ref } = resolveRef(document, schema);
  if (!node) return "null";
  if (ref && seen.includes(ref)) return undefined;
  const trail = ref ? [...seen, ref] : seen;
  if (trail.length > MAX_DEPTH) return undefined;
  if ("const" in node) return JSON.stringify(node.const);
  if (Array.isArray(node.enum) && node.enum.length > 0) {
    return JSON.stringify(mode === "minimal" ? node.enum[0] : node.enum.at(-1));
  }
  for (const keyword of ["oneOf", "anyOf"] as const) {
    const variants = node[keyword];
    if (Array.isArray(variants) && variants.length > 0) {
      return sampleOf(document, mode === "minimal" ? variants[0] : variants.at(-1), mode, trail);
    }
  }
  const type = firstType(node);
  if (type === "array") {
    const item = sampleOf(document, node.items, mode, trail);
    return item === undefined ? "[]" : `[${item}]`;
  }
  const view = objectView(document, node);
  if (type === "object" || Object.keys(view.properties).length > 0 || Array.isArray(node.allOf)) {
    return objectSample(document, view, mode, trail);
  }
  if (type === "string") return '"s"';
  if (type === "integer" || type === "number") return "1";
  if (type === "boolean") return "true";
  if (type === "null") return "null";
  return '"s"';
}

function objectSample(document: Json, view: ObjectView, mode: SampleMode, trail: string[]): string | undefined {
  const entries: string[] = [];
  for (const [name, property] of Object.entries(view.properties)) {
    const required = view.required.has(name);
    if (mode === "minimal" && !required) continue;
    const value = sampleOf(document, property, mode, trail);
    if (value === undefined) {
      if (required) return undefined;
      continue;
    }
    entries.push(`${JSON.stringify(name)}: ${value}`);
  }
  if (mode === "full" && view.additionalProperties !== undefined) {
    const value = isObject(view.additionalProperties)
      ? sampleOf(document, view.additionalProperties, mode, trail)
      : "1";
    if (value !== undefined) entries.push(`${JSON.stringify(MAP_KEY)}: ${value}`);
  }
  return `{ ${entries.join(", ")} }`;
}

/** Expressions reading every field the old schema declares, starting at `expression` (optional chaining throughout). */
export function readsOf(document: Json, schema: unknown, expression: string, seen: string[] = []): string[] {
  const { node, ref } = resolveRef(document, schema);
  if (!node || (ref && seen.includes(ref)) || seen.length > MAX_DEPTH) return [];
  const trail = ref ? [...seen, ref] : seen;
  const reads: string[] = [];
  if (firstType(node) === "array" && node.items !== undefined) {
    const item = `${expression}?.[0]`;
    reads.push(item, ...readsOf(document, node.items, item, trail));
    return reads;
  }
  const view = objectView(document, node);
  for (const [name, property] of Object.entries(view.properties)) {
    const field = `${expression}?.[${JSON.stringify(name)}]`;
    reads.push(field, ...readsOf(document, property, field, trail));
  }
  if (view.additionalProperties !== undefined) {
    const entry = `${expression}?.[${JSON.stringify(MAP_KEY)}]`;
    reads.push(entry);
    if (isObject(view.additionalProperties)) reads.push(...readsOf(document, view.additionalProperties, entry, trail));
  }
  return reads;
}

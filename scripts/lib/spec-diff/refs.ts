import { isObject, type Json } from "./model.ts";

/** A resolved node and, when it was reached through a `$ref`, the name of the component it came from. */
export interface Resolved {
  node: Json | undefined;
  /** `components/schemas/Plan` style name of the last `$ref` followed, if any. */
  ref?: string;
}

function decodePointerSegment(segment: string): string {
  return decodeURIComponent(segment).replaceAll("~1", "/").replaceAll("~0", "~");
}

/** Follows local `$ref`s (`#/...`) until a non-reference node; unknown or external refs give `undefined`. */
export function resolveRef(document: Json, node: unknown): Resolved {
  let current: unknown = node;
  let ref: string | undefined;
  const seen = new Set<string>();
  while (isObject(current) && typeof current.$ref === "string") {
    const target = current.$ref;
    if (!target.startsWith("#/") || seen.has(target)) return { node: undefined, ...(ref ? { ref } : {}) };
    seen.add(target);
    ref = target.slice(2);
    let value: unknown = document;
    for (const segment of ref.split("/").map(decodePointerSegment)) {
      value = isObject(value) ? value[segment] : undefined;
    }
    current = value;
  }
  return { node: isObject(current) ? current : undefined, ...(ref ? { ref } : {}) };
}

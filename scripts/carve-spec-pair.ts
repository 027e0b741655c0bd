/**
 * Carves a small, real document pair out of two versions of a big OpenAPI document, for the classifier's
 * ground-truth test: the operations whose definition (with everything it references) changed, smallest
 * first, half of them among those the classifier calls breaking, with the union of the components they
 * reach in either version, each taken from its own version.
 *
 *   tsx scripts/carve-spec-pair.ts <old.json> <new.json> <out-folder> [--max 8]
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { diffSpecs } from "./lib/spec-diff/index.ts";
import { isObject, type Json } from "./lib/spec-diff/model.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** `#/components/schemas/x` refs reachable from `node`, transitively. */
function closureOf(document: Json, node: unknown, seen = new Set<string>()): Set<string> {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isObject(value)) return;
    if (typeof value.$ref === "string" && value.$ref.startsWith("#/components/") && !seen.has(value.$ref)) {
      seen.add(value.$ref);
      visit(lookup(document, value.$ref));
    }
    for (const [key, child] of Object.entries(value)) if (key !== "$ref") visit(child);
  };
  visit(node);
  return seen;
}

function lookup(document: Json, ref: string): unknown {
  let value: unknown = document;
  for (const segment of ref.slice(2).split("/"))
    value = isObject(value) ? value[segment.replaceAll("~1", "/")] : undefined;
  return value;
}

function operationsOf(document: Json): Map<string, { path: string; method: string; node: Json; item: Json }> {
  const out = new Map<string, { path: string; method: string; node: Json; item: Json }>();
  for (const [path, item] of Object.entries(isObject(document.paths) ? document.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of METHODS) {
      const node = item[method];
      if (isObject(node)) out.set(`${method} ${path}`, { path, method, node, item });
    }
  }
  return out;
}

/** The operation with its path-level parameters and every component it reaches, as comparable text. */
function fingerprint(document: Json, op: { node: Json; item: Json }): { text: string; refs: Set<string> } {
  const refs = closureOf(document, [op.node, op.item.parameters ?? []]);
  const parts = [...refs].sort().map((ref) => `${ref}=${JSON.stringify(lookup(document, ref))}`);
  return { text: JSON.stringify([op.node, op.item.parameters ?? null, parts]), refs };
}

function carve(document: Json, keys: string[], refs: Set<string>): Json {
  const paths: Json = {};
  const operations = operationsOf(document);
  for (const key of keys) {
    const op = operations.get(key);
    if (!op) continue;
    if (!paths[op.path]) paths[op.path] = op.item.parameters ? { parameters: op.item.parameters } : {};
    (paths[op.path] as Json)[op.method] = op.node;
  }
  const components: Json = {};
  for (const ref of refs) {
    const [, , kind, name] = ref.split("/") as [string, string, string, string];
    const value = lookup(document, ref);
    if (value === undefined) continue;
    if (!components[kind]) components[kind] = {};
    (components[kind] as Json)[name.replaceAll("~1", "/")] = value;
  }
  const info = isObject(document.info) ? { title: document.info.title, version: document.info.version } : {};
  return { openapi: document.openapi, info, servers: document.servers ?? [], paths, components };
}

function main(): void {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { max: { type: "string", default: "8" } },
  });
  const [oldFile, newFile, out] = positionals;
  if (!oldFile || !newFile || !out)
    throw new Error("usage: tsx scripts/carve-spec-pair.ts <old.json> <new.json> <out-folder> [--max 8]");
  const oldDoc = JSON.parse(readFileSync(oldFile, "utf8")) as Json;
  const newDoc = JSON.parse(readFileSync(newFile, "utf8")) as Json;
  const before = operationsOf(oldDoc);
  const after = operationsOf(newDoc);
  const changed: { key: string; size: number; refs: Set<string> }[] = [];
  for (const [key, op] of before) {
    const next = after.get(key);
    if (!next) continue;
    const a = fingerprint(oldDoc, op);
    const b = fingerprint(newDoc, next);
    if (a.text !== b.text)
      changed.push({ key, size: a.text.length + b.text.length, refs: new Set([...a.refs, ...b.refs]) });
  }
  changed.sort((x, y) => x.size - y.size || x.key.localeCompare(y.key));
  const max = Number(values.max);
  const breaking = new Set<string>();
  for (const change of diffSpecs(oldDoc, newDoc).changes) {
    if (change.level !== "major") continue;
    const named = /`([A-Z]+) ([^`]+)`/.exec(change.message);
    for (const operation of [...change.operations, ...(named ? [`${named[1]} ${named[2]}`] : [])]) {
      const [method = "", path = ""] = operation.split(" ");
      breaking.add(`${method.toLowerCase()} ${path}`);
    }
  }
  const firstBreaking = changed.filter((entry) => breaking.has(entry.key)).slice(0, Math.ceil(max / 2));
  const picked = [...firstBreaking, ...changed.filter((entry) => !firstBreaking.includes(entry))].slice(0, max);
  const refs = new Set(picked.flatMap((entry) => [...entry.refs]));
  const keys = picked.map((entry) => entry.key);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "old.json"), `${JSON.stringify(carve(oldDoc, keys, refs), null, 2)}\n`);
  writeFileSync(join(out, "new.json"), `${JSON.stringify(carve(newDoc, keys, refs), null, 2)}\n`);
  console.log(`${changed.length} operations changed; carved ${keys.length}: ${keys.join(", ")}`);
}

main();

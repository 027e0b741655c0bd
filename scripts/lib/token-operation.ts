/**
 * Checks a document against a provider's token-operation expectations (specs/registry.json
 * `tokenOperation`): the operation still exists, the dialect's request still satisfies it and the
 * fields the dialect reads are still in the success response.
 */
import type { TokenOperationExpectation } from "./registry.ts";
import { isObject, type Json } from "./spec-diff/model.ts";
import { resolveRef } from "./spec-diff/refs.ts";

interface ObjectView {
  properties: Record<string, unknown>;
  required: Set<string>;
}

/** Properties and required names of an object schema, `allOf` members merged. */
function objectView(document: Json, schema: unknown, depth = 0): ObjectView | undefined {
  const node = resolveRef(document, schema).node;
  if (!node || depth > 10) return undefined;
  const view: ObjectView = { properties: {}, required: new Set() };
  let isObjectSchema = false;
  if (isObject(node.properties)) {
    Object.assign(view.properties, node.properties);
    isObjectSchema = true;
  }
  if (Array.isArray(node.required)) for (const name of node.required) view.required.add(String(name));
  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf) {
      const inner = objectView(document, member, depth + 1);
      if (!inner) continue;
      Object.assign(view.properties, inner.properties);
      for (const name of inner.required) view.required.add(name);
      isObjectSchema = true;
    }
  }
  return isObjectSchema ? view : undefined;
}

function mediaSchema(document: Json, holder: unknown, mediaType: string): { found: boolean; schema?: unknown } {
  const node = resolveRef(document, holder).node;
  const content = node && isObject(node.content) ? node.content : {};
  const key = Object.keys(content).find((type) => type.split(";")[0]?.trim().toLowerCase() === mediaType);
  const media = key ? content[key] : undefined;
  return isObject(media) ? { found: true, schema: media.schema } : { found: false };
}

/** Lists every way `document` breaks the expectations; an empty list means the dialect still fits. */
export function checkTokenOperation(document: Json, expected: TokenOperationExpectation): string[] {
  const name = `${expected.method.toUpperCase()} ${expected.path}`;
  const paths = isObject(document.paths) ? document.paths : {};
  const pathItem = resolveRef(document, paths[expected.path]).node;
  const operation = pathItem?.[expected.method];
  if (!isObject(operation)) return [`token operation ${name} is missing from the document`];
  const problems: string[] = [];

  const body = mediaSchema(document, operation.requestBody, expected.requestMediaType);
  if (!body.found) {
    problems.push(`token operation ${name}: request body no longer accepts ${expected.requestMediaType}`);
  } else {
    const view = objectView(document, body.schema);
    if (view) {
      for (const field of view.required) {
        if (!expected.requestFields.includes(field)) {
          problems.push(
            `token operation ${name}: request field \`${field}\` is now required; the dialect does not send it`,
          );
        }
      }
      for (const field of expected.requestFields) {
        if (!(field in view.properties)) {
          problems.push(
            `token operation ${name}: request field \`${field}\` that the dialect sends is no longer accepted`,
          );
        }
      }
    }
  }

  const responses = isObject(operation.responses) ? operation.responses : {};
  const status = String(expected.successStatus);
  if (!(status in responses)) {
    problems.push(
      `token operation ${name}: success response ${status} is gone (has ${Object.keys(responses).join(", ") || "none"})`,
    );
    return problems;
  }
  const success = mediaSchema(document, responses[status], "application/json");
  if (!success.found) {
    problems.push(`token operation ${name}: response ${status} no longer returns application/json`);
    return problems;
  }
  for (const field of expected.responseFields) {
    let schema: unknown = success.schema;
    for (const segment of field.split(".")) {
      const view = objectView(document, schema);
      schema = view?.properties[segment];
      if (schema === undefined) break;
    }
    if (schema === undefined) {
      problems.push(
        `token operation ${name}: response ${status} no longer has field \`${field}\` that the dialect reads`,
      );
    }
  }
  return problems;
}

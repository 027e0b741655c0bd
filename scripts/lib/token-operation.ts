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

const FORM = "application/x-www-form-urlencoded";
const RFC6749_REQUEST_FIELDS = ["grant_type", "client_id", "client_secret", "scope"];
const RFC6749_RESPONSE_FIELDS = ["access_token", "token_type", "expires_in"];

/**
 * The expectations of auth-core's standard RFC 6749 dialect for the token operation at `path`: a form
 * body, success 200 with `access_token`. Only fields the document declares are listed, so a later
 * document is held to what this one promised. Throws when the operation is not RFC 6749-shaped.
 */
export function rfc6749Expectation(document: Json, path: string): TokenOperationExpectation {
  const paths = isObject(document.paths) ? document.paths : {};
  const operation = resolveRef(document, paths[path]).node?.post;
  if (!isObject(operation)) throw new Error(`token operation POST ${path} is missing from the document`);
  const body = mediaSchema(document, operation.requestBody, FORM);
  if (!body.found) {
    throw new Error(`token operation POST ${path} does not take ${FORM}: it is not an RFC 6749 token endpoint`);
  }
  const request = objectView(document, body.schema);
  const responses = isObject(operation.responses) ? operation.responses : {};
  const response = objectView(document, mediaSchema(document, responses["200"], "application/json").schema);
  const declared = (view: ObjectView | undefined, names: string[]) =>
    view ? names.filter((name) => name in view.properties) : names;
  const expectation: TokenOperationExpectation = {
    method: "post",
    path,
    requestMediaType: FORM,
    requestFields: request ? declared(request, RFC6749_REQUEST_FIELDS) : RFC6749_REQUEST_FIELDS,
    successStatus: 200,
    responseFields: declared(response, RFC6749_RESPONSE_FIELDS),
  };
  if (expectation.requestFields.length === 0) expectation.requestFields = ["grant_type"];
  if (expectation.responseFields.length === 0) expectation.responseFields = ["access_token"];
  const problems = checkTokenOperation(document, expectation);
  if (problems.length > 0) {
    throw new Error(`${problems.join("; ")} (not an RFC 6749 client-credentials endpoint; write a dialect by hand)`);
  }
  return expectation;
}

/** Finds the document's RFC 6749 token operation: a POST taking a form body with `grant_type`, or `.../token`. */
export function findTokenPath(document: Json): string[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const candidates: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    const operation = resolveRef(document, item).node?.post;
    if (!isObject(operation)) continue;
    const form = mediaSchema(document, operation.requestBody, FORM);
    const grant = form.found && objectView(document, form.schema)?.properties.grant_type !== undefined;
    if (grant || /\/token$/.test(path)) candidates.push(path);
  }
  return candidates;
}

/**
 * The change classifier: compares two OpenAPI documents operation by operation (with `$ref`s resolved)
 * and classifies every change by its effect on users of the generated client: breaking -> major,
 * additive -> minor, documentation-only -> patch.
 */

import { environmentsOf } from "../spec-facts.ts";
import { type ChangeLevel, isObject, type Json, maxLevel, type SpecChange, sortChanges } from "./model.ts";
import { resolveRef } from "./refs.ts";
import { type Direction, SchemaDiffer, type SchemaFinding } from "./schema-diff.ts";

export type { ChangeLevel, SpecChange } from "./model.ts";

/** The classifier's verdict: the bump (undefined when nothing changed) and the changes behind it. */
export interface SpecDiff {
  bump: ChangeLevel | undefined;
  changes: SpecChange[];
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface OperationRef {
  key: string;
  path: string;
  operation: Json;
  pathItem: Json;
}

/** Keys operations by method and path, with path parameter names erased so a renamed `{id}` still matches. */
function operationsOf(document: Json): Map<string, OperationRef> {
  const operations = new Map<string, OperationRef>();
  const paths = isObject(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const pathItem = resolveRef(document, rawItem).node;
    if (!pathItem) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const shape = path.replace(/\{[^}]*\}/g, "{}");
      operations.set(`${method.toUpperCase()} ${shape}`, {
        key: `${method.toUpperCase()} ${path}`,
        path,
        operation,
        pathItem,
      });
    }
  }
  return operations;
}

/**
 * Webhook operations keyed `POST plan.created`. `webhooks` and their `operations` entries are exported
 * like `paths`; the payload (the request body) is what the consumer receives.
 */
function webhooksOf(document: Json): Map<string, OperationRef> {
  const webhooks = new Map<string, OperationRef>();
  const items = isObject(document.webhooks) ? document.webhooks : {};
  for (const [name, rawItem] of Object.entries(items)) {
    const pathItem = resolveRef(document, rawItem).node;
    if (!pathItem) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!isObject(operation)) continue;
      const key = `${method.toUpperCase()} ${name}`;
      webhooks.set(key, { key, path: name, operation, pathItem });
    }
  }
  return webhooks;
}

class ChangeCollector {
  private readonly byMessage = new Map<string, SpecChange>();
  readonly changes: SpecChange[] = [];

  add(level: ChangeLevel, message: string, operation?: string): void {
    const id = `${level}|${message}`;
    const existing = this.byMessage.get(id);
    if (existing) {
      if (operation && !existing.operations.includes(operation)) existing.operations.push(operation);
      return;
    }
    const change: SpecChange = { level, message, operations: operation ? [operation] : [] };
    this.byMessage.set(id, change);
    this.changes.push(change);
  }

  /**
   * Records schema findings: a finding inside a shared component schema once (listing operations); the
   * rest under `prefix`, once per operation, or once listing operations when `shared` (the finding sits
   * in a shared `components.responses` / `requestBodies` entry).
   */
  findings(findings: SchemaFinding[], operation: string, prefix: string, shared = false): void {
    for (const finding of findings) {
      if (finding.scope) this.add(finding.level, `Schema ${finding.scope}: ${finding.text}`, operation);
      else if (shared) this.add(finding.level, `${prefix}: ${finding.text}`, operation);
      else this.add(finding.level, `${prefix}: ${finding.text}`);
    }
  }
}

/** Parameters in effect for an operation; path parameters are keyed by their position in the template. */
function parametersOf(document: Json, ref: OperationRef): Map<string, Json> {
  const merged = new Map<string, Json>();
  for (const list of [ref.pathItem.parameters, ref.operation.parameters]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const parameter = resolveRef(document, raw).node;
      if (!parameter || typeof parameter.name !== "string" || typeof parameter.in !== "string") continue;
      const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
      merged.set(`${parameter.in}:${name}`, parameter);
    }
  }
  const templateNames = [...ref.path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]);
  const keyed = new Map<string, Json>();
  for (const [key, parameter] of merged) {
    const position = parameter.in === "path" ? templateNames.indexOf(parameter.name as string) : -1;
    keyed.set(position >= 0 ? `path#${position}` : key, parameter);
  }
  return keyed;
}

function contentOf(document: Json, holder: unknown): Record<string, Json> {
  const node = resolveRef(document, holder).node;
  const content = node && isObject(node.content) ? node.content : {};
  const out: Record<string, Json> = {};
  for (const [type, media] of Object.entries(content)) if (isObject(media)) out[type] = media;
  return out;
}

function securityOf(document: Json, operation: Json): string[] {
  const requirements = Array.isArray(operation.security)
    ? operation.security
    : Array.isArray(document.security)
      ? document.security
      : [];
  return requirements
    .filter(isObject)
    .map((requirement) => Object.keys(requirement).sort().join(" + ") || "none")
    .sort();
}

function describeSecurity(alternatives: string[]): string {
  return alternatives.length === 0 ? "none" : alternatives.join(" or ");
}

class DocumentDiffer {
  private readonly out = new ChangeCollector();
  private readonly schemas: SchemaDiffer;

  constructor(
    private readonly oldDoc: Json,
    private readonly newDoc: Json,
  ) {
    this.schemas = new SchemaDiffer(oldDoc, newDoc);
  }

  run(): SpecChange[] {
    const before = operationsOf(this.oldDoc);
    const after = operationsOf(this.newDoc);
    for (const [shape, ref] of before) {
      if (!after.has(shape)) this.out.add("major", `Removed operation \`${ref.key}\``);
    }
    for (const [shape, ref] of after) {
      if (!before.has(shape)) this.out.add("minor", `Added operation \`${ref.key}\``);
    }
    for (const [shape, oldRef] of before) {
      const newRef = after.get(shape);
      if (newRef) this.operation(oldRef, newRef);
    }
    this.webhooks();
    this.componentSchemas();
    this.securitySchemes();
    this.servers();
    this.environments();
    this.documentation();
    return sortChanges(this.out.changes);
  }

  private operation(oldRef: OperationRef, newRef: OperationRef): void {
    const op = newRef.key;
    const count = this.out.changes.length;
    // `paths` keys are literal template types: code calling the old template stops compiling.
    if (oldRef.key !== newRef.key) this.out.add("major", `\`${oldRef.key}\` is now \`${op}\` (path parameter renamed)`);
    this.operationId(oldRef, newRef, `\`${op}\``);
    if (oldRef.operation.deprecated !== true && newRef.operation.deprecated === true) {
      this.out.add("minor", `\`${op}\` is now deprecated`);
    }
    this.parameters(oldRef, newRef);
    this.requestBody(oldRef, newRef);
    this.responses(oldRef, newRef);
    const oldSecurity = securityOf(this.oldDoc, oldRef.operation);
    const newSecurity = securityOf(this.newDoc, newRef.operation);
    if (oldSecurity.join("|") !== newSecurity.join("|")) {
      const onlyAdded = oldSecurity.length > 0 && oldSecurity.every((alternative) => newSecurity.includes(alternative));
      this.out.add(
        onlyAdded ? "minor" : "major",
        `Security changed from ${describeSecurity(oldSecurity)} to ${describeSecurity(newSecurity)}`,
        op,
      );
    }
    const touched = this.out.changes.length > count;
    if (!touched && JSON.stringify(oldRef.operation) !== JSON.stringify(newRef.operation)) {
      this.out.add("patch", `\`${op}\`: documentation updated`);
    }
  }

  /** Webhooks: the payload is read by the consumer (response rules), its answer is written (request rules). */
  private webhooks(): void {
    const before = webhooksOf(this.oldDoc);
    const after = webhooksOf(this.newDoc);
    for (const key of before.keys()) if (!after.has(key)) this.out.add("major", `Removed webhook \`${key}\``);
    for (const key of after.keys()) if (!before.has(key)) this.out.add("minor", `Added webhook \`${key}\``);
    for (const [key, oldRef] of before) {
      const newRef = after.get(key);
      if (newRef) this.webhook(key, oldRef, newRef);
    }
  }

  private webhook(key: string, oldRef: OperationRef, newRef: OperationRef): void {
    const count = this.out.changes.length;
    const label = `Webhook \`${key}\``;
    this.operationId(oldRef, newRef, label);
    const payload = (ref: OperationRef, document: Json) =>
      contentOf(document, resolveRef(document, ref.operation.requestBody).node);
    this.content(key, `${label} payload`, payload(oldRef, this.oldDoc), payload(newRef, this.newDoc), "response");
    const oldAnswers = isObject(oldRef.operation.responses) ? oldRef.operation.responses : {};
    const newAnswers = isObject(newRef.operation.responses) ? newRef.operation.responses : {};
    for (const status of Object.keys(oldAnswers)) {
      if (!(status in newAnswers)) continue;
      const oldContent = contentOf(this.oldDoc, oldAnswers[status]);
      const newContent = contentOf(this.newDoc, newAnswers[status]);
      this.content(key, `${label} answer ${status}`, oldContent, newContent, "request");
    }
    const touched = this.out.changes.length > count;
    if (!touched && JSON.stringify(oldRef.operation) !== JSON.stringify(newRef.operation)) {
      this.out.add("patch", `${label}: documentation updated`);
    }
  }

  /** `operations` is keyed by operationId and exported: a renamed or removed id breaks code naming it. */
  private operationId(oldRef: OperationRef, newRef: OperationRef, label: string): void {
    const oldId = oldRef.operation.operationId;
    const newId = newRef.operation.operationId;
    if (typeof oldId === "string" && oldId !== newId) {
      this.out.add(
        "major",
        typeof newId === "string"
          ? `${label}: operationId \`${oldId}\` renamed to \`${newId}\``
          : `${label}: operationId \`${oldId}\` removed`,
      );
    } else if (typeof oldId !== "string" && typeof newId === "string") {
      this.out.add("minor", `${label}: operationId \`${newId}\` added`);
    }
  }

  private parameters(oldRef: OperationRef, newRef: OperationRef): void {
    const op = newRef.key;
    const before = parametersOf(this.oldDoc, oldRef);
    const after = parametersOf(this.newDoc, newRef);
    for (const [key, parameter] of before) {
      if (!after.has(key)) this.out.add("major", `\`${op}\`: removed ${parameter.in} parameter \`${parameter.name}\``);
    }
    for (const [key, parameter] of after) {
      if (before.has(key)) continue;
      const required = parameter.required === true;
      this.out.add(
        required ? "major" : "minor",
        `\`${op}\`: new ${required ? "required" : "optional"} ${parameter.in} parameter \`${parameter.name}\``,
      );
    }
    for (const [key, oldParameter] of before) {
      const newParameter = after.get(key);
      if (!newParameter) continue;
      const name = `${newParameter.in} parameter \`${newParameter.name}\``;
      if (oldParameter.required !== true && newParameter.required === true) {
        this.out.add("major", `\`${op}\`: ${name} is now required`);
      } else if (oldParameter.required === true && newParameter.required !== true) {
        this.out.add("minor", `\`${op}\`: ${name} is no longer required`);
      }
      const findings = this.schemas.compare(oldParameter.schema, newParameter.schema, "request");
      this.out.findings(findings, op, `\`${op}\` ${name}`);
    }
  }

  private requestBody(oldRef: OperationRef, newRef: OperationRef): void {
    const op = newRef.key;
    const before = resolveRef(this.oldDoc, oldRef.operation.requestBody).node;
    const after = resolveRef(this.newDoc, newRef.operation.requestBody).node;
    if (!before && !after) return;
    if (before && !after) {
      this.out.add("major", `\`${op}\`: request body removed`);
      return;
    }
    if (!before && after) {
      const required = after.required === true;
      this.out.add(required ? "major" : "minor", `\`${op}\`: new ${required ? "required" : "optional"} request body`);
      return;
    }
    if (before?.required !== true && after?.required === true)
      this.out.add("major", `\`${op}\`: request body is now required`);
    if (before?.required === true && after?.required !== true) {
      this.out.add("minor", `\`${op}\`: request body is no longer required`);
    }
    const place = this.bodyPlace(oldRef.operation.requestBody, newRef.operation.requestBody, `\`${op}\` request body`);
    const oldContent = contentOf(this.oldDoc, before);
    const newContent = contentOf(this.newDoc, after);
    this.content(op, place.prefix, oldContent, newContent, "request", place.shared);
  }

  private responses(oldRef: OperationRef, newRef: OperationRef): void {
    const op = newRef.key;
    const before = isObject(oldRef.operation.responses) ? oldRef.operation.responses : {};
    const after = isObject(newRef.operation.responses) ? newRef.operation.responses : {};
    for (const status of Object.keys(before)) {
      if (!(status in after)) this.out.add("major", `\`${op}\`: response ${status} removed`);
    }
    for (const status of Object.keys(after)) {
      if (!(status in before)) this.out.add("minor", `\`${op}\`: new response ${status}`);
    }
    for (const status of Object.keys(before)) {
      if (!(status in after)) continue;
      const place = this.bodyPlace(before[status], after[status], `\`${op}\` response ${status}`);
      const oldContent = contentOf(this.oldDoc, before[status]);
      const newContent = contentOf(this.newDoc, after[status]);
      this.content(op, place.prefix, oldContent, newContent, "response", place.shared);
    }
  }

  /**
   * Compares the media types of a body. `prefix` names the place in messages; `shared` says it is a
   * shared component, whose changes are listed once with the operations they reach.
   */
  private content(
    op: string,
    prefix: string,
    before: Record<string, Json>,
    after: Record<string, Json>,
    direction: Direction,
    shared = false,
  ): void {
    const add = (level: ChangeLevel, message: string) =>
      shared ? this.out.add(level, message, op) : this.out.add(level, message);
    for (const type of Object.keys(before)) {
      if (!(type in after)) add("major", `${prefix}: media type \`${type}\` removed`);
    }
    for (const type of Object.keys(after)) {
      if (!(type in before)) add("minor", `${prefix}: media type \`${type}\` added`);
    }
    for (const [type, media] of Object.entries(before)) {
      const next = after[type];
      if (!next) continue;
      const label = Object.keys(after).length > 1 ? `${prefix} (${type})` : prefix;
      this.out.findings(this.schemas.compare(media.schema, next.schema, direction), op, label, shared);
    }
  }

  /**
   * Where a response or request body lives: a shared component (`components/responses/NotFound`) when
   * both documents reach it through the same `$ref`, so its changes are listed once, else the operation.
   */
  private bodyPlace(oldHolder: unknown, newHolder: unknown, local: string): { prefix: string; shared: boolean } {
    const oldRef = resolveRef(this.oldDoc, oldHolder).ref;
    const newRef = resolveRef(this.newDoc, newHolder).ref;
    const match = oldRef && oldRef === newRef ? /^components\/(responses|requestBodies)\/(.+)$/.exec(oldRef) : null;
    if (!match) return { prefix: local, shared: false };
    const kind = match[1] === "responses" ? "Shared response" : "Shared request body";
    return { prefix: `${kind} \`${match[2]}\``, shared: true };
  }

  /** `components["schemas"]` is exported: a removed (or renamed) schema breaks code that names it. */
  private componentSchemas(): void {
    const namesOf = (document: Json) => {
      const components = isObject(document.components) ? document.components : {};
      return Object.keys(isObject(components.schemas) ? components.schemas : {});
    };
    const before = namesOf(this.oldDoc);
    const after = namesOf(this.newDoc);
    for (const name of before) if (!after.includes(name)) this.out.add("major", `Component schema \`${name}\` removed`);
    for (const name of after) if (!before.includes(name)) this.out.add("minor", `Component schema \`${name}\` added`);
  }

  /** The generated `environments` (from server descriptions) is exported: a dropped entry breaks its users. */
  private environments(): void {
    const before = environmentsOf(this.oldDoc);
    const after = environmentsOf(this.newDoc);
    for (const [name, url] of Object.entries(before)) {
      if (!(name in after)) this.out.add("major", `Environment \`${name}\` (${url}) removed from \`environments\``);
      else if (after[name as keyof typeof after] !== url) {
        this.out.add(
          "minor",
          `Environment \`${name}\` now points at ${after[name as keyof typeof after]} (was ${url})`,
        );
      }
    }
    for (const [name, url] of Object.entries(after)) {
      if (!(name in before)) this.out.add("minor", `Environment \`${name}\` (${url}) added to \`environments\``);
    }
  }

  private securitySchemes(): void {
    const schemesOf = (document: Json) => {
      const components = isObject(document.components) ? document.components : {};
      return isObject(components.securitySchemes) ? components.securitySchemes : {};
    };
    const before = schemesOf(this.oldDoc);
    const after = schemesOf(this.newDoc);
    const shape = (document: Json, scheme: unknown) => {
      const node = resolveRef(document, scheme).node ?? {};
      return JSON.stringify([node.type, node.scheme, node.in, node.name, node.flows]);
    };
    for (const name of Object.keys(before)) {
      if (!(name in after)) this.out.add("major", `Security scheme \`${name}\` removed`);
      else if (shape(this.oldDoc, before[name]) !== shape(this.newDoc, after[name])) {
        this.out.add("major", `Security scheme \`${name}\` changed how credentials are sent`);
      }
    }
    for (const name of Object.keys(after)) {
      if (!(name in before)) this.out.add("minor", `Security scheme \`${name}\` added`);
    }
  }

  /**
   * `servers` is exported as a tuple: a shorter list breaks code indexing the lost entries. A URL that
   * changes in place compiles unchanged and moves the default base URL where the provider now serves
   * the API, so it is an addition (policy; the README's classifier table).
   */
  private servers(): void {
    const urls = (document: Json) =>
      Array.isArray(document.servers)
        ? document.servers.filter(isObject).map((server) => String(server.url))
        : ([] as string[]);
    const before = urls(this.oldDoc);
    const after = urls(this.newDoc);
    for (const [index, url] of before.entries()) {
      const next = after[index];
      if (next === undefined) this.out.add("major", `Server \`${url}\` removed`);
      else if (next !== url) this.out.add("minor", `Server \`${url}\` moved to \`${next}\``);
    }
    for (const url of after.slice(before.length)) this.out.add("minor", `Server \`${url}\` added`);
  }

  private documentation(): void {
    const oldInfo = isObject(this.oldDoc.info) ? this.oldDoc.info : {};
    const newInfo = isObject(this.newDoc.info) ? this.newDoc.info : {};
    if (oldInfo.version !== newInfo.version) {
      this.out.add("patch", `Document version ${String(oldInfo.version)} -> ${String(newInfo.version)}`);
    }
    if (this.out.changes.length === 0 && JSON.stringify(this.oldDoc) !== JSON.stringify(this.newDoc)) {
      this.out.add("patch", "Documentation updated (descriptions, examples or component details)");
    }
  }
}

/** Classifies the changes between two parsed OpenAPI documents. */
export function diffSpecs(oldDoc: Json, newDoc: Json): SpecDiff {
  const changes = new DocumentDiffer(oldDoc, newDoc).run();
  let bump: ChangeLevel | undefined;
  for (const change of changes) bump = maxLevel(bump, change.level);
  return { bump, changes };
}

/** Renders changes as a markdown list, most severe first, for changesets and terminal summaries. */
export function renderChangeList(changes: SpecChange[], options: { maxOperations?: number } = {}): string {
  const limit = options.maxOperations ?? 5;
  const heading: Record<ChangeLevel, string> = {
    major: "Breaking changes",
    minor: "Additions",
    patch: "Documentation",
  };
  const sections: string[] = [];
  for (const level of ["major", "minor", "patch"] as const) {
    const lines = changes
      .filter((change) => change.level === level)
      .map((change) => {
        if (change.operations.length === 0) return `- ${change.message}`;
        const shown = change.operations.slice(0, limit).map((operation) => `\`${operation}\``);
        const more = change.operations.length > limit ? ` and ${change.operations.length - limit} more` : "";
        return `- ${change.message} (in ${shown.join(", ")}${more})`;
      });
    if (lines.length > 0) sections.push(`**${heading[level]}**\n\n${lines.join("\n")}`);
  }
  return sections.join("\n\n");
}

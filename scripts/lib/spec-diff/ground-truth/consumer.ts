/**
 * Writes the ground-truth consumer: TypeScript that uses everything the old document's generated types
 * export the way client code does (names paths, operations, webhooks and component schemas; builds
 * parameters and request bodies as literals; reads every response and webhook payload field; hands
 * responses to code typed against the old types, which is what an exhaustive `switch` does). Compiled
 * against the new types, its errors are the compiler's verdict on the change.
 */

import { environmentsOf } from "../../spec-facts.ts";
import { isObject, type Json } from "../model.ts";
import { resolveRef } from "../refs.ts";
import { readsOf, sampleOf } from "./schema-walk.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const SECTIONS = ["path", "query", "header", "cookie"] as const;

/** Where an operation lives in the generated types: `paths["/v1/plans"]["get"]`. */
interface OperationSite {
  /** `paths` or `webhooks`. */
  root: "paths" | "webhooks";
  key: string;
  method: string;
  operation: Json;
  pathItem: Json;
}

function sitesOf(document: Json, root: OperationSite["root"]): OperationSite[] {
  const sites: OperationSite[] = [];
  const items = isObject(document[root]) ? (document[root] as Json) : {};
  for (const [key, raw] of Object.entries(items)) {
    const pathItem = resolveRef(document, raw).node;
    if (!pathItem) continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (isObject(operation)) sites.push({ root, key, method, operation, pathItem });
    }
  }
  return sites;
}

function contentOf(document: Json, holder: unknown): [string, Json][] {
  const node = resolveRef(document, holder).node;
  const content = node && isObject(node.content) ? node.content : {};
  return Object.entries(content).filter((entry): entry is [string, Json] => isObject(entry[1]));
}

const q = (value: string) => JSON.stringify(value);

class ConsumerWriter {
  private readonly lines: string[] = [];
  private counter = 0;

  constructor(private readonly document: Json) {}

  write(): string {
    this.lines.push('import type * as Api from "./api";', 'import type * as Snapshot from "./snapshot";', "");
    for (const site of sitesOf(this.document, "paths")) this.operation(site);
    for (const site of sitesOf(this.document, "webhooks")) this.webhook(site);
    this.names();
    return `${this.lines.join("\n")}\n`;
  }

  private next(): number {
    this.counter += 1;
    return this.counter;
  }

  private operation(site: OperationSite): void {
    const at = `${site.root}[${q(site.key)}][${q(site.method)}]`;
    this.lines.push(`// ${site.method.toUpperCase()} ${site.key}`);
    this.parameters(site, at);
    this.requestBody(site, at);
    const responses = isObject(site.operation.responses) ? site.operation.responses : {};
    for (const [status, response] of Object.entries(responses)) {
      const media = contentOf(this.document, response);
      if (media.length === 0) this.lines.push(`type T${this.next()} = Api.${at}["responses"][${q(status)}];`);
      for (const [type, entry] of media) {
        this.received((ns) => `${ns}.${at}["responses"][${q(status)}]["content"][${q(type)}]`, entry.schema);
      }
    }
  }

  /** Parameters: once with only the required ones, once with every one (a fresh literal rejects unknown names). */
  private parameters(site: OperationSite, at: string): void {
    const merged = new Map<string, Json>();
    for (const list of [site.pathItem.parameters, site.operation.parameters]) {
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        const parameter = resolveRef(this.document, raw).node;
        if (parameter && typeof parameter.name === "string" && typeof parameter.in === "string") {
          merged.set(`${parameter.in}:${parameter.name}`, parameter);
        }
      }
    }
    for (const mode of ["minimal", "full"] as const) {
      const sections: string[] = [];
      for (const section of SECTIONS) {
        const entries = [...merged.values()]
          .filter((parameter) => parameter.in === section && (mode === "full" || parameter.required === true))
          .map(
            (parameter) => `${q(String(parameter.name))}: ${sampleOf(this.document, parameter.schema, mode) ?? "null"}`,
          );
        if (entries.length > 0) sections.push(`${section}: { ${entries.join(", ")} }`);
      }
      this.lines.push(`const v${this.next()}: Api.${at}["parameters"] = { ${sections.join(", ")} };`);
    }
  }

  /** Request bodies: literals (required fields only, then all), the old type itself, and optionality kept. */
  private requestBody(site: OperationSite, at: string): void {
    const body = resolveRef(this.document, site.operation.requestBody).node;
    if (!body) return;
    if (body.required !== true) {
      this.lines.push(`const v${this.next()}: undefined extends Api.${at}["requestBody"] ? true : false = true;`);
    }
    for (const [type, media] of contentOf(this.document, body)) {
      const target = `NonNullable<Api.${at}["requestBody"]>["content"][${q(type)}]`;
      const snapshot = `NonNullable<Snapshot.${at}["requestBody"]>["content"][${q(type)}]`;
      for (const mode of ["minimal", "full"] as const) {
        const sample = sampleOf(this.document, media.schema, mode);
        if (sample !== undefined) this.lines.push(`const v${this.next()}: ${target} = ${sample};`);
      }
      this.lines.push(
        `declare const v${this.next()}: ${snapshot};`,
        `const v${this.next()}: ${target} = v${this.counter - 1};`,
      );
    }
  }

  /** A value the consumer receives: handed to code typed against the old type, and every field read. */
  private received(typeIn: (namespace: string) => string, schema: unknown): void {
    const value = `v${this.next()}`;
    this.lines.push(
      `declare const ${value}: ${typeIn("Api")};`,
      `const v${this.next()}: ${typeIn("Snapshot")} = ${value};`,
    );
    for (const read of readsOf(this.document, schema, value)) this.lines.push(`void ${read};`);
  }

  /** Webhook payloads are received: the consumer reads them. */
  private webhook(site: OperationSite): void {
    const at = `${site.root}[${q(site.key)}][${q(site.method)}]`;
    this.lines.push(`// webhook ${site.method.toUpperCase()} ${site.key}`);
    const body = resolveRef(this.document, site.operation.requestBody).node;
    const media = contentOf(this.document, body);
    if (media.length === 0) this.lines.push(`type T${this.next()} = Api.${at};`);
    for (const [type, entry] of media) {
      this.received((ns) => `NonNullable<${ns}.${at}["requestBody"]>["content"][${q(type)}]`, entry.schema);
    }
  }

  /** Exported names: operations by operationId, component schemas, servers, environments. */
  private names(): void {
    this.lines.push("// exported names");
    for (const site of [...sitesOf(this.document, "paths"), ...sitesOf(this.document, "webhooks")]) {
      const id = site.operation.operationId;
      if (typeof id === "string") this.lines.push(`type T${this.next()} = Api.operations[${q(id)}];`);
    }
    const components = isObject(this.document.components) ? this.document.components : {};
    for (const name of Object.keys(isObject(components.schemas) ? components.schemas : {})) {
      this.lines.push(`type T${this.next()} = Api.components["schemas"][${q(name)}];`);
    }
    const servers = Array.isArray(this.document.servers) ? this.document.servers : [];
    for (const index of servers.keys())
      this.lines.push(`type T${this.next()} = (typeof Api.servers)[${index}]["url"];`);
    for (const name of Object.keys(environmentsOf(this.document))) {
      this.lines.push(`type T${this.next()} = (typeof Api.environments)[${q(name)}];`);
    }
  }
}

/** The consumer source for `document`; it imports the types under test from `./api` and the old ones from `./snapshot`. */
export function writeConsumer(document: Json): string {
  return new ConsumerWriter(document).write();
}

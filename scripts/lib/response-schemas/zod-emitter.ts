/**
 * Turns one OpenAPI (3.0 or 3.1) schema object into zod/mini source code, for the runtime response
 * checks. Rules (see scripts/README.md "Response schemas"):
 * - `additionalProperties: false` -> `z.strictObject` (an extra field is a mismatch); a schema ->
 *   `z.catchall` (or `z.record` without properties); absent or `true` -> `z.looseObject`.
 * - 3.0 `nullable: true` and 3.1 `type: [..., "null"]` -> `z.nullable`.
 * - `oneOf` / `anyOf` -> `z.union` (oneOf's "exactly one" is not enforced: real documents list
 *   overlapping loose variants); `allOf` -> `z.intersection` (objects inside it are loose, since each
 *   part sees only its own fields).
 * - `enum` / `const` -> literals; formats `date-time`, `date`, `uuid` are checked, other formats
 *   are annotations; `integer` -> `z.int()`. Length/range/pattern constraints are not checked.
 * - `writeOnly` properties are never required in a response.
 * - `$ref` to `#/components/schemas/X` -> the shared const of X; a reference back into a schema
 *   still being emitted (a cycle) -> `z.lazy`.
 */

/** A plain JSON object. */
export type Json = Record<string, unknown>;

/** Emits component schemas once each and resolves references, in dependency order. */
export class ZodEmitter {
  /** Component consts in emission order (dependencies first). */
  readonly declarations: string[] = [];
  private readonly names = new Map<string, string>();
  private readonly inProgress = new Set<string>();
  private readonly usedIdentifiers = new Set<string>();

  constructor(
    private readonly document: Json,
    private readonly nullableKeyword: boolean,
  ) {}

  /** Source of a zod/mini expression validating `schema`. */
  expression(schema: unknown, context: { loose?: boolean } = {}): string {
    if (schema === true || schema === undefined) return "z.unknown()";
    if (schema === false) return "z.never()";
    if (!isObject(schema)) return "z.unknown()";
    if (typeof schema.$ref === "string") return this.reference(schema.$ref);
    const nullable = this.nullableKeyword && schema.nullable === true;
    const body = this.nonNullExpression(schema, context);
    return nullable && !body.startsWith("z.nullable(") ? `z.nullable(${body})` : body;
  }

  private nonNullExpression(schema: Json, context: { loose?: boolean }): string {
    if ("const" in schema) return literal(schema.const);
    if (Array.isArray(schema.enum)) return enumeration(schema.enum, this.nullableKeyword && schema.nullable === true);
    if (Array.isArray(schema.allOf)) return this.allOf(schema);
    const variants = Array.isArray(schema.oneOf)
      ? schema.oneOf
      : Array.isArray(schema.anyOf)
        ? schema.anyOf
        : undefined;
    if (variants) return this.withSiblingObject(schema, union(variants.map((v) => this.expression(v))), context);
    if (Array.isArray(schema.type)) return this.typeList(schema, schema.type, context);
    return this.typed(schema, typeof schema.type === "string" ? schema.type : inferredType(schema), context);
  }

  private allOf(schema: Json): string {
    const parts = (schema.allOf as unknown[]).map((part) => this.expression(part, { loose: true }));
    const sibling = hasObjectKeywords(schema) ? [this.object(schema, { loose: true })] : [];
    return [...parts, ...sibling].reduce((left, right) => `z.intersection(${left}, ${right})`);
  }

  /** `{ oneOf: [...], properties: {...} }`: the variants and the sibling object both apply. */
  private withSiblingObject(schema: Json, variants: string, context: { loose?: boolean }): string {
    if (!hasObjectKeywords(schema)) return variants;
    return `z.intersection(${variants}, ${this.object(schema, { loose: true, ...context })})`;
  }

  private typeList(schema: Json, types: unknown[], context: { loose?: boolean }): string {
    const named = types.filter((t): t is string => typeof t === "string" && t !== "null");
    const inner = union(named.map((type) => this.typed(schema, type, context)));
    return types.includes("null") ? (named.length === 0 ? "z.null()" : `z.nullable(${inner})`) : inner;
  }

  private typed(schema: Json, type: string | undefined, context: { loose?: boolean }): string {
    switch (type) {
      case "object":
        return this.object(schema, context);
      case "array":
        return `z.array(${this.expression(schema.items)})`;
      case "string":
        return stringWithFormat(schema.format);
      case "integer":
        return "z.int()";
      case "number":
        return "z.number()";
      case "boolean":
        return "z.boolean()";
      case "null":
        return "z.null()";
      default:
        return "z.unknown()";
    }
  }

  private object(schema: Json, context: { loose?: boolean }): string {
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const fields = Object.entries(properties).map(([name, property]) => {
      const writeOnly = isObject(property) && property.writeOnly === true;
      const value = this.expression(property);
      return `${JSON.stringify(name)}: ${required.has(name) && !writeOnly ? value : `z.optional(${value})`}`;
    });
    const shape = `{ ${fields.join(", ")} }`;
    const extra = schema.additionalProperties;
    if (extra === false && !context.loose) return `z.strictObject(${shape})`;
    if (isObject(extra)) {
      const values = this.expression(extra);
      return fields.length === 0 ? `z.record(z.string(), ${values})` : `z.catchall(z.object(${shape}), ${values})`;
    }
    return `z.looseObject(${shape})`;
  }

  private reference(ref: string): string {
    const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
    if (!match) return this.expression(resolvePointer(this.document, ref));
    const name = decodeURIComponent(match[1] as string)
      .replace(/~1/g, "/")
      .replace(/~0/g, "~");
    const known = this.names.get(name);
    if (known) return this.inProgress.has(name) ? `z.lazy(() => ${known})` : known;
    const identifier = this.identifierFor(name);
    this.names.set(name, identifier);
    this.inProgress.add(name);
    const schemas = (this.document.components as Json | undefined)?.schemas as Json | undefined;
    const body = this.expression(schemas?.[name]);
    this.inProgress.delete(name);
    this.declarations.push(`const ${identifier}: z.ZodMiniType = ${body};`);
    return identifier;
  }

  private identifierFor(name: string): string {
    const base = `s${name.replace(/[^A-Za-z0-9_$]/g, "_")}`;
    let identifier = base;
    for (let n = 2; this.usedIdentifiers.has(identifier); n++) identifier = `${base}_${n}`;
    this.usedIdentifiers.add(identifier);
    return identifier;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasObjectKeywords(schema: Json): boolean {
  return isObject(schema.properties) || schema.additionalProperties !== undefined;
}

function inferredType(schema: Json): string | undefined {
  if (hasObjectKeywords(schema)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

function literal(value: unknown): string {
  if (value === null) return "z.null()";
  if (typeof value === "object") return "z.unknown()";
  return `z.literal(${JSON.stringify(value)})`;
}

function enumeration(values: unknown[], nullable: boolean): string {
  const withoutNull = values.filter((value) => value !== null);
  const allowsNull = nullable || withoutNull.length < values.length;
  const body =
    withoutNull.length > 0 && withoutNull.every((value) => typeof value === "string")
      ? `z.enum(${JSON.stringify(withoutNull)})`
      : union(withoutNull.map(literal));
  return allowsNull ? `z.nullable(${body})` : body;
}

function union(members: string[]): string {
  if (members.length === 0) return "z.never()";
  if (members.length === 1) return members[0] as string;
  return `z.union([${members.join(", ")}])`;
}

function stringWithFormat(format: unknown): string {
  switch (format) {
    case "date-time":
      return "z.iso.datetime({ offset: true })";
    case "date":
      return "z.iso.date()";
    case "uuid":
      return "z.uuid()";
    default:
      return "z.string()";
  }
}

/** Resolves a local JSON pointer (`#/components/responses/X`); anything else validates as unknown. */
export function resolvePointer(document: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    node = isObject(node) ? node[key] : undefined;
  }
  return node;
}

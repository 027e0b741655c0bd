/**
 * A small validator for the few shapes the clients read at run time: token responses, provider error
 * bodies and factory options. It replaces zod in the shipped bundle (zod/mini alone cost ~7 kB
 * min+gzip, more than the rest of a provider client); tests may still hand zod schemas to
 * `TokenEndpoint.schema`, whose contract is just `safeParse`. Results and issues have zod's shape
 * (`{ success, data }` / `{ success, error: { issues } }`, issues with `code`, `path`, `message`,
 * `expected`, `keys`), and messages never contain the value that was checked.
 */

/** One reason a value was rejected. */
export interface SchemaIssue {
  /** What failed, as zod names it: a wrong type, a number or length out of range, a value not allowed, unknown keys, or a `refine`/`custom` check. */
  code: "invalid_type" | "too_small" | "too_big" | "invalid_value" | "unrecognized_keys" | "custom";
  /** Where in the checked value, e.g. `["token", "maxRetries"]`; `[]` is the value itself. */
  path: PropertyKey[];
  /** What was expected, in words; never contains the value that was checked. */
  message: string;
  /** The expected type, for `invalid_type`. */
  expected?: string;
  /** The unknown keys, for `unrecognized_keys`. */
  keys?: string[];
  /** The keys the object accepts, for `unrecognized_keys` (to suggest the one that was meant). */
  known?: string[];
}

/** What `safeParse` returns. */
export type SafeParseResult<T> = { success: true; data: T } | { success: false; error: { issues: SchemaIssue[] } };

/** A validator of `T`. */
export interface Schema<T> {
  /** Validates `value`; never throws. */
  safeParse(value: unknown): SafeParseResult<T>;
  /** Validates `value` and returns it; throws a TypeError naming the failing paths (never the values). */
  parse(value: unknown): T;
  /** Whether an object property with this schema may be missing. */
  readonly optional: boolean;
  /** @internal Checks `value` at `path`, pushing issues; returns the output (meaningless when issues were pushed). */
  readonly run: (value: unknown, path: PropertyKey[], issues: SchemaIssue[]) => T;
}

/** A schema whose object property may be missing. */
export interface OptionalSchema<T> extends Schema<T | undefined> {
  /** Always true: the property may be missing (or `undefined`). */
  readonly optional: true;
}

/** The type a schema produces. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** A map of property schemas. */
export type Shape = Record<string, Schema<unknown>>;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K]["optional"] extends true ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The object type a shape produces: optional schemas become optional properties. */
export type InferShape<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** Custom messages; `error` replaces the type message, the others the check messages. */
interface Messages {
  error?: string;
}

function define<T>(run: Schema<T>["run"], optional = false): Schema<T> {
  const safeParse = (value: unknown): SafeParseResult<T> => {
    const issues: SchemaIssue[] = [];
    const data = run(value, [], issues);
    return issues.length === 0 ? { success: true, data } : { success: false, error: { issues } };
  };
  return {
    run,
    optional,
    safeParse,
    parse(value) {
      const result = safeParse(value);
      if (result.success) return result.data;
      const where = result.error.issues.map(
        (issue) => `${issue.path.map(String).join(".") || "(value)"}: ${issue.message}`,
      );
      throw new TypeError(`invalid value: ${where.join("; ")}`);
    },
  };
}

const typeOf = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : Number.isNaN(value) ? "NaN" : typeof value;

function typed<T>(expected: string, is: (value: unknown) => value is T, messages: Messages | undefined) {
  return (value: unknown, path: PropertyKey[], issues: SchemaIssue[]): value is T => {
    if (is(value)) return true;
    const message = messages?.error ?? `expected ${expected}, received ${typeOf(value)}`;
    issues.push({ code: "invalid_type", path, message, expected });
    return false;
  };
}

/** A string; `minLength` adds a length check. */
export function string(options?: Messages & { minLength?: number; tooShort?: string }): Schema<string> {
  const check = typed("string", (v): v is string => typeof v === "string", options);
  const min = options?.minLength;
  return define((value, path, issues) => {
    if (check(value, path, issues) && min !== undefined && value.length < min) {
      const message = options?.tooShort ?? `must have at least ${min} character(s)`;
      issues.push({ code: "too_small", path, message });
    }
    return value as string;
  });
}

/** A finite number; `int`, `min` (inclusive), `max` (inclusive) and `positive` add checks. */
export function number(
  options?: Messages & { int?: boolean; min?: number; max?: number; positive?: boolean },
): Schema<number> {
  const expected = options?.int ? "int" : "number";
  const check = typed(
    expected,
    (v): v is number => typeof v === "number" && (options?.int ? Number.isSafeInteger(v) : Number.isFinite(v)),
    options,
  );
  return define((value, path, issues) => {
    if (!check(value, path, issues)) return value as number;
    const { min, max, positive } = options ?? {};
    if (positive && value <= 0) issues.push({ code: "too_small", path, message: "must be greater than 0" });
    if (min !== undefined && value < min) issues.push({ code: "too_small", path, message: `must be >= ${min}` });
    if (max !== undefined && value > max) issues.push({ code: "too_big", path, message: `must be <= ${max}` });
    return value;
  });
}

/** A boolean. */
export function boolean(options?: Messages): Schema<boolean> {
  const check = typed("boolean", (v): v is boolean => typeof v === "boolean", options);
  return define((value, path, issues) => {
    check(value, path, issues);
    return value as boolean;
  });
}

/** One of the given strings. */
export function picklist<const T extends string>(values: readonly T[], options?: Messages): Schema<T> {
  return define((value, path, issues) => {
    if (!values.includes(value as T)) {
      const message = options?.error ?? `must be one of: ${values.join(", ")}`;
      issues.push({ code: "invalid_value", path, message });
    }
    return value as T;
  });
}

/** Any value the predicate accepts. */
export function custom<T>(predicate: (value: unknown) => boolean, options?: Messages): Schema<T> {
  return define((value, path, issues) => {
    if (!predicate(value)) issues.push({ code: "custom", path, message: options?.error ?? "is invalid" });
    return value as T;
  });
}

/** `schema`'s values that also pass `predicate`. */
export function refine<T>(schema: Schema<T>, predicate: (value: T) => boolean, options?: Messages): Schema<T> {
  return define((value, path, issues) => {
    const before = issues.length;
    const output = schema.run(value, path, issues);
    if (issues.length === before && !predicate(output)) {
      issues.push({ code: "custom", path, message: options?.error ?? "is invalid" });
    }
    return output;
  }, schema.optional);
}

/** `schema`, or `undefined` (a property that may be missing). */
export function optional<T>(schema: Schema<T>): OptionalSchema<T> {
  return define<T | undefined>(
    (value, path, issues) => (value === undefined ? undefined : schema.run(value, path, issues)),
    true,
  ) as OptionalSchema<T>;
}

/** An array of `item`; `minLength` adds a length check. */
export function array<T>(item: Schema<T>, options?: Messages & { minLength?: number }): Schema<T[]> {
  const check = typed("array", (v): v is unknown[] => Array.isArray(v), options);
  return define((value, path, issues) => {
    if (!check(value, path, issues)) return [];
    const min = options?.minLength;
    if (min !== undefined && value.length < min) {
      issues.push({ code: "too_small", path, message: `must have at least ${min} item(s)` });
    }
    return value.map((element, index) => item.run(element, [...path, index], issues));
  });
}

/** The first of `options` that accepts the value; otherwise the issues of the first option. */
export function union<const S extends readonly Schema<unknown>[]>(options: S): Schema<Infer<S[number]>> {
  return define((value, path, issues) => {
    let firstIssues: SchemaIssue[] | undefined;
    for (const option of options) {
      const attempt: SchemaIssue[] = [];
      const output = option.run(value, path, attempt);
      if (attempt.length === 0) return output as Infer<S[number]>;
      firstIssues ??= attempt;
    }
    issues.push(...(firstIssues ?? []));
    return value as Infer<S[number]>;
  });
}

function objectOf<S extends Shape>(shape: S, strict: boolean, options?: Messages): Schema<InferShape<S>> {
  const check = typed(
    "object",
    (v): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v),
    options,
  );
  return define((value, path, issues) => {
    if (!check(value, path, issues)) return value as InferShape<S>;
    const output: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(shape)) {
      const field = schema.run(value[key], [...path, key], issues);
      if (field !== undefined || key in value) output[key] = field;
    }
    if (strict) {
      const unknown = Object.keys(value).filter((key) => !Object.hasOwn(shape, key));
      if (unknown.length > 0) {
        issues.push({
          code: "unrecognized_keys",
          path,
          keys: unknown,
          known: Object.keys(shape),
          message: "has unknown keys",
        });
      }
    }
    return output as InferShape<S>;
  });
}

/** An object with these properties; unknown properties are accepted and dropped from the output. */
export function object<S extends Shape>(shape: S, options?: Messages): Schema<InferShape<S>> {
  return objectOf(shape, false, options);
}

/** An object with these properties and no others (an unknown key is an `unrecognized_keys` issue). */
export function strictObject<S extends Shape>(shape: S, options?: Messages): Schema<InferShape<S>> {
  return objectOf(shape, true, options);
}

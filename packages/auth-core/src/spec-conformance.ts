/**
 * Compile-time proof that a hand-written schema reads only what the generated OpenAPI types
 * declare: every field the schema produces exists in the spec type with a compatible type.
 * A spec change that renames, removes or retypes such a field turns the result into `false`.
 */
export type SchemaConformsToSpec<TSchema, TSpec> = [Exclude<keyof TSchema, keyof TSpec>] extends [never]
  ? AllTrue<{ [K in keyof TSchema]-?: K extends keyof TSpec ? FieldConforms<TSchema[K], TSpec[K]> : false }>
  : false;

type AllTrue<T> = [T[keyof T]] extends [true] ? true : false;

type PlainObject<T> = T extends readonly unknown[] ? false : T extends object ? true : false;

type FieldConforms<A, B> = [PlainObject<NonNullable<A>>, PlainObject<NonNullable<B>>] extends [true, true]
  ? SchemaConformsToSpec<NonNullable<A>, NonNullable<B>>
  : [NonNullable<A>] extends [NonNullable<B>]
    ? true
    : false;

/** Accepts only `true`: `type X = Assert<SchemaConformsToSpec<...>>` breaks the build on drift. */
export type Assert<T extends true> = T;

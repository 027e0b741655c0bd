/**
 * Types of the opt-in response checks: the schema table the generator writes per provider, the
 * modes, and the value-free mismatch event.
 */

/** One issue a schema reports; zod's issues fit this shape (`safeParse(...).error.issues`). */
export interface SchemaIssueLike {
  /** zod's issue code, e.g. `invalid_type` or `unrecognized_keys`. */
  readonly code: string;
  /** Path into the checked body; `[]` is the body itself. */
  readonly path: readonly PropertyKey[];
  /** The expected type, for `invalid_type` (kept in events only when it is a string). */
  readonly expected?: unknown;
  /** The unexpected keys, for `unrecognized_keys`. */
  readonly keys?: readonly string[];
}

/** A schema the checks can run: zod (and zod/mini) schemas fit, so auth-core needs no zod of its own. */
export interface ResponseSchema {
  /** Checks a parsed body; never throws. Only the issues' code, path, expected and keys are read, never their messages. */
  safeParse(data: unknown): { success: boolean; error?: { issues: readonly SchemaIssueLike[] } | undefined };
}

/** Per media type, the body schema; `null` when the body is documented but not checked (no schema, or not JSON). */
export type MediaTypeTable = Readonly<Record<string, ResponseSchema | null>>;

/** Per operation (`"POST /v1/auth/jwt"`), per documented status (`"201"`, `"4XX"`, `"default"`), its media types. */
export type ResponseSchemaTable = Readonly<Record<string, Readonly<Record<string, MediaTypeTable>>>>;

/** `observe`: return the data as is and emit a mismatch event; `strict`: emit the event, then throw a ResponseValidationError. */
export type ValidationMode = "observe" | "strict";

/** What did not match: a body against its schema, or a status / media type / operation the document does not list, or a body that could not be parsed. */
export type MismatchKind =
  | "schema"
  | "undocumented-status"
  | "undocumented-media-type"
  | "undocumented-operation"
  | "unparseable-body";

/** JSON type names (`received` of an issue): a type, never a value. */
export type JsonTypeName = "string" | "number" | "boolean" | "null" | "array" | "object" | "missing";

/** One place where the body differs from its schema: where and how, never the value. */
export interface ResponseIssue {
  /** Path into the body, e.g. `["data", "expiresIn"]`; `[]` is the body itself. */
  readonly path: readonly (string | number)[];
  /** zod's issue code (`invalid_type`, `unrecognized_key`, `invalid_value`, `invalid_union`, `invalid_format`, ...). */
  readonly code: string;
  /** The expected JSON type, for `invalid_type`. */
  readonly expected?: string;
  /** The JSON type found at `path` (`missing` for an absent field). */
  readonly received: JsonTypeName;
}

/** A response that drifted from the document. Carries no response value, header or token: safe to log. */
export interface ResponseMismatchEvent {
  /** Always "response.mismatch". */
  readonly type: "response.mismatch";
  /** Provider id, e.g. `"dollr"`. */
  readonly provider: string;
  /** Method and path template, e.g. `"POST /v1/auth/jwt"`: the key of the document section that drifted. */
  readonly operation: string;
  /** What drifted: the body against its schema, an undocumented status, media type or operation, or an unparseable body. */
  readonly kind: MismatchKind;
  /** The mode the check ran in: `strict` throws a ResponseValidationError after this event, `observe` does not. */
  readonly mode: ValidationMode;
  /** HTTP status of the response. */
  readonly status: number;
  /** The response's media type (lower case, no parameters); `undefined` without a Content-Type. */
  readonly mediaType: string | undefined;
  /** What the document lists: statuses for `undocumented-status`, else the media types of the matched status. */
  readonly documented: readonly string[];
  /** The schema's issues, for `schema`; empty otherwise. */
  readonly issues: readonly ResponseIssue[];
}

/** Receives mismatch events; a listener that throws or rejects is ignored. */
export type MismatchListener = (event: ResponseMismatchEvent) => void | Promise<void>;

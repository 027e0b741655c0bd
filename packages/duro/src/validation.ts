/**
 * @scope/duro/validation: opt-in runtime checks of Duro's responses against its vendored OpenAPI
 * document, with zod schemas generated into ./generated/responses.zod.gen.ts. Importing this entry
 * loads zod (an optional peer dependency); the main entry never does.
 */
import { type ResponseValidationOptions, withResponseValidation as withSchemas } from "@scope/auth-core/validation";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.gen.js";
import { responseSchemas } from "./generated/responses.zod.gen.js";

export {
  isResponseValidationError,
  type JsonTypeName,
  type MismatchKind,
  type MismatchListener,
  type PerCallValidation,
  type ResponseIssue,
  type ResponseMismatchEvent,
  ResponseValidationError,
  type ResponseValidationOptions,
  type ValidationMode,
} from "@scope/auth-core/validation";
export type { $defs, components, operations, paths, webhooks } from "./generated/openapi.gen.js";

/**
 * Returns a Duro client whose responses are checked against the document: `observe` hands the data
 * back as is and emits a mismatch event; `strict` throws a ResponseValidationError. Switch one call
 * off with `{ validateResponse: false }` in its options, or operations with `skip`.
 */
export function withResponseValidation(client: Client<paths>, options: ResponseValidationOptions): Client<paths> {
  return withSchemas(client, { provider: "duro", schemas: responseSchemas }, options);
}

/**
 * @scope/auth-core/validation: the provider-neutral part of the opt-in response checks. Provider
 * packages bind their generated zod schemas to it in their own `/validation` entry. Nothing here
 * imports zod (schemas are taken structurally), and auth-core's main entry never imports this.
 */
export { isResponseValidationError, ResponseValidationError } from "./validation/errors.js";
export type * from "./validation/types.js";
export {
  type PerCallValidation,
  type ResponseValidationBinding,
  type ResponseValidationOptions,
  withResponseValidation,
} from "./validation/with-response-validation.js";

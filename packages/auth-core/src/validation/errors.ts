/** The error strict mode throws: what drifted, never the response's values. */
import type { ResponseMismatchEvent } from "./types.js";

function where(event: ResponseMismatchEvent): string {
  const issues = event.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(body)"}: ${issue.code}`)
    .join(", ");
  const more = event.issues.length > 5 ? `, and ${event.issues.length - 5} more` : "";
  switch (event.kind) {
    case "schema":
      return `body does not match the documented schema (${issues}${more})`;
    case "undocumented-status":
      return `status ${event.status} is not documented (documented: ${event.documented.join(", ")})`;
    case "undocumented-media-type":
      return `media type ${event.mediaType ?? "(none)"} is not documented for status ${event.status} (documented: ${event.documented.join(", ") || "no body"})`;
    case "undocumented-operation":
      return "the operation is not in the document";
    case "unparseable-body":
      return `the ${event.mediaType ?? "untyped"} body could not be parsed`;
  }
}

/**
 * A response that does not match the provider's document, thrown in `strict` mode. Its fields are the
 * mismatch event's (operation, status, media type, issue paths and kinds); it holds no response value.
 */
export class ResponseValidationError extends Error {
  /** Always "ResponseValidationError". */
  override readonly name = "ResponseValidationError";
  /** The value-free mismatch event (the same object `onMismatch` received). */
  readonly event: ResponseMismatchEvent;

  constructor(event: ResponseMismatchEvent, options: { cause?: unknown } = {}) {
    super(`${event.provider} ${event.operation} answered ${event.status}: ${where(event)}`, options);
    this.event = event;
    if ("cause" in this) Object.defineProperty(this, "cause", { enumerable: false });
  }
}

/** Whether `value` is a ResponseValidationError (also across bundle copies: checks the name). */
export function isResponseValidationError(value: unknown): value is ResponseValidationError {
  return value instanceof Error && value.name === "ResponseValidationError" && "event" in value;
}

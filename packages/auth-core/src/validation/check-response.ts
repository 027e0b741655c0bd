/**
 * Checks one parsed response against its operation's documented responses: the status (exact, then
 * `4XX`-style range, then `default`), the media type, then the body schema. Never guesses: a status or
 * media type the document does not list is reported as such, not checked against a neighbour.
 */
import { describeIssues } from "./issues.js";
import type { MediaTypeTable, MismatchKind, ResponseIssue, ResponseSchemaTable } from "./types.js";

/** The verdict for one response; `undefined` from checkResponse means it matched. */
export interface ResponseMismatch {
  readonly kind: MismatchKind;
  readonly mediaType: string | undefined;
  readonly documented: readonly string[];
  readonly issues: readonly ResponseIssue[];
}

/** The media type of a Content-Type header: lower case, without parameters. */
export function mediaTypeOf(contentType: string | null): string | undefined {
  const base = contentType?.split(";")[0]?.trim().toLowerCase();
  return base ? base : undefined;
}

function documentedStatus(
  statuses: Readonly<Record<string, MediaTypeTable>>,
  status: number,
): MediaTypeTable | undefined {
  return statuses[String(status)] ?? statuses[`${String(status).charAt(0)}XX`] ?? statuses.default;
}

function documentedMedia(media: MediaTypeTable, mediaType: string): string | undefined {
  if (mediaType in media) return mediaType;
  const wildcard = `${mediaType.split("/")[0]}/*`;
  if (wildcard in media) return wildcard;
  return "*/*" in media ? "*/*" : undefined;
}

/** Whether the parsed body is empty (openapi-fetch's `undefined` for 204, HEAD, Content-Length 0, or an empty text). */
function isEmpty(body: unknown): boolean {
  return body === undefined || body === "";
}

/**
 * Checks a response's status, media type and parsed body against the table; `undefined` when all match.
 * `statusOnly` (a HEAD request: a body is never sent) checks the status alone.
 */
export function checkResponse(
  table: ResponseSchemaTable,
  operation: string,
  response: Pick<Response, "status" | "headers">,
  body: unknown,
  statusOnly = false,
): ResponseMismatch | undefined {
  const mediaType = mediaTypeOf(response.headers.get("content-type"));
  const statuses = table[operation];
  if (!statuses) return { kind: "undocumented-operation", mediaType, documented: [], issues: [] };
  const media = documentedStatus(statuses, response.status);
  if (!media) return { kind: "undocumented-status", mediaType, documented: Object.keys(statuses), issues: [] };
  if (statusOnly) return undefined;
  const documented = Object.keys(media);
  if (documented.length === 0 && isEmpty(body)) return undefined;
  const key = mediaType === undefined ? undefined : documentedMedia(media, mediaType);
  if (key === undefined) {
    // An empty body without a media type where one is documented: the body itself is missing.
    if (!(isEmpty(body) && mediaType === undefined && documented.length > 0))
      return { kind: "undocumented-media-type", mediaType, documented, issues: [] };
  }
  const schema = key === undefined ? firstSchema(media) : media[key];
  if (!schema) return undefined;
  const result = schema.safeParse(body);
  if (result.success) return undefined;
  return { kind: "schema", mediaType, documented, issues: describeIssues(result.error?.issues ?? [], body) };
}

function firstSchema(media: MediaTypeTable): MediaTypeTable[string] {
  for (const schema of Object.values(media)) if (schema) return schema;
  return null;
}

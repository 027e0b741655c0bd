import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/** Absolute path of the repository root (the folder holding specs/ and packages/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * What a provider's hand-written token dialect relies on in its document: `specs:update` rejects a new
 * document whose token operation disappeared or changed in a way the dialect cannot handle.
 */
const tokenOperation = z.object({
  method: z.enum(["get", "post", "put"]),
  path: z.string().startsWith("/"),
  /** Media type of the request body the dialect sends. */
  requestMediaType: z.string().min(1),
  /** Body fields the dialect sends; a newly required field outside this list breaks the dialect. */
  requestFields: z.array(z.string().min(1)).min(1),
  /** The status the dialect treats as success. */
  successStatus: z.number().int().min(200).max(299),
  /** Dotted paths the dialect reads from the success body, e.g. `data.accessToken`. */
  responseFields: z.array(z.string().min(1)).min(1),
});

/** A provider's token-operation expectations (see `tokenOperation` in specs/registry.json). */
export type TokenOperationExpectation = z.infer<typeof tokenOperation>;

const providerEntry = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "a lowercase id such as `dollr`"),
  packageName: z.string().regex(/^@scope\/[a-z][a-z0-9-]*$/, "an @scope/ package name"),
  title: z.string().min(1),
  spec: z.string().regex(/^[a-z0-9.-]+\.(ya?ml|json)$/, "a file name inside specs/"),
  upstreamUrl: z.url(),
  fetchedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a YYYY-MM-DD date"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "a hex SHA-256"),
  tokenOperation: tokenOperation.optional(),
  /** Idempotency header every POST/PATCH of this provider takes, where the document does not declare one. */
  idempotencyHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, "an HTTP header name")
    .optional(),
  /**
   * Top-level JSON request body field that carries this provider's idempotency key instead of a header
   * (Dollr's `reference_id`): every operation whose JSON request body declares it takes a key there.
   */
  idempotencyBodyField: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a JSON property name such as `reference_id`")
    .refine((name) => name !== "__proto__", "not `__proto__`")
    .optional(),
  /**
   * Redocly rules this provider's documents are known to break (e.g. NestJS's missing summaries):
   * `specs:update` lists their findings instead of failing. Written by `--allow-lint-errors`.
   */
  knownLintRules: z.array(z.string().min(1)).optional(),
});

const registrySchema = z.object({
  $comment: z.string().optional(),
  providers: z.array(providerEntry).min(1),
});

/** One provider as the spec registry describes it. */
export type ProviderEntry = z.infer<typeof providerEntry>;
/** The whole spec registry file. */
export type Registry = z.infer<typeof registrySchema>;

/** Path of the registry file under a given root. */
export function registryPath(root = repoRoot): string {
  return join(root, "specs", "registry.json");
}

/** Reads and validates specs/registry.json; throws a message naming the bad field. */
export function readRegistry(root = repoRoot): Registry {
  const file = registryPath(root);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  return validateRegistry(raw, file);
}

/** Validates registry data (as read from `file`, for messages); throws a message naming the bad field. */
export function validateRegistry(raw: unknown, file: string): Registry {
  const parsed = registrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join(".") ?? "(root)"}: ${issue?.message ?? "invalid"}`);
  }
  const ids = new Set<string>();
  for (const entry of parsed.data.providers) {
    if (ids.has(entry.id)) throw new Error(`${file}: provider id "${entry.id}" is listed twice`);
    ids.add(entry.id);
  }
  return parsed.data;
}

/** Serialises the registry the way it is committed (2-space JSON, trailing newline). */
export function formatRegistry(registry: Registry): string {
  return `${JSON.stringify(registry, null, 2)}\n`;
}

/** Absolute path of a provider's vendored spec. */
export function specPath(entry: ProviderEntry, root = repoRoot): string {
  return join(root, "specs", entry.spec);
}

/** Absolute path of a provider's package folder. */
export function packageDir(entry: ProviderEntry, root = repoRoot): string {
  return join(root, "packages", entry.id);
}

/** Hex SHA-256 of some bytes. */
export function sha256(bytes: string | Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads a new document from a local file or an http(s) URL, as raw bytes, with a timeout for URLs. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

/** Why a document could not be obtained. */
export class SpecSourceError extends Error {
  override name = "SpecSourceError";
}

/** A document as received: the exact bytes and where they came from. */
export interface SpecSource {
  bytes: Buffer;
  /** The file path or URL, for messages. */
  origin: string;
}

/** True for `http:` and `https:` URLs; anything else is a file path. */
export function isUrl(from: string): boolean {
  return /^https?:\/\//i.test(from);
}

/** Fetches a URL with a timeout; non-2xx answers and network failures become SpecSourceError. */
export async function fetchSpec(
  url: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<SpecSource> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await fetchImpl(url, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { accept: "application/json, application/yaml, text/yaml, */*" },
      redirect: "follow",
    });
  } catch (error) {
    const reason =
      error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error
          ? ((error.cause as Error | undefined)?.message ?? error.message)
          : String(error);
    throw new SpecSourceError(`cannot fetch ${url}: ${reason} (use --from <file> to update from a downloaded copy)`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new SpecSourceError(`cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  }
  try {
    return { bytes: Buffer.from(await response.arrayBuffer()), origin: url };
  } catch (error) {
    throw new SpecSourceError(`cannot fetch ${url}: body read failed (${(error as Error).message})`);
  }
}

/** Reads `from` (a URL or a path relative to `cwd`) into bytes. */
export async function readSpecSource(
  from: string,
  options: { cwd?: string; timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<SpecSource> {
  if (isUrl(from)) return fetchSpec(from, options);
  const path = resolve(options.cwd ?? process.cwd(), from);
  try {
    return { bytes: readFileSync(path), origin: path };
  } catch (error) {
    throw new SpecSourceError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? "error"}`);
  }
}

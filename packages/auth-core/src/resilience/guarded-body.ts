/**
 * A response whose body can be ended from outside: the deadline and the per-attempt timeout cover the
 * body read too, so a server that sends the headers and then stalls ends the call with the typed error
 * instead of leaving `await client.GET()` pending. Only calls with a deadline or a timeout get one.
 */

/** A guarded response and how to end its body. */
export interface GuardedBody {
  readonly response: Response;
  /** Errors the body with `reason` (a read in progress rejects with it) and cancels the source. */
  stop(reason: Error): void;
}

/**
 * Whether openapi-fetch (and a reader) never reads this response's body: nothing to guard. openapi-fetch
 * skips the read on 204, on HEAD and on `Content-Length: 0`.
 */
export function hasNoBodyToRead(response: Response, method: string): boolean {
  return (
    response.body === null ||
    response.status === 204 ||
    method === "HEAD" ||
    (response.headers.get("content-length") === "0" &&
      response.headers.get("transfer-encoding")?.includes("chunked") !== true)
  );
}

/**
 * Wraps `response`'s body (which must not be null): `release` runs once when the body is finished (read
 * to its end, cancelled, errored or stopped). Returns undefined when the response cannot be rebuilt
 * (then the caller keeps the original).
 */
export function guardBody(response: Response, release: () => void): GuardedBody | undefined {
  const source = response.body as ReadableStream<Uint8Array>;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let target: ReadableStreamDefaultController<Uint8Array> | undefined;
  let open = true;
  const finish = (): void => {
    if (!open) return;
    open = false;
    release();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        target = controller;
      },
      async pull(controller) {
        reader ??= source.getReader();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (!open) return;
          finish();
          controller.error(error);
          return;
        }
        // Stopped while the read was pending: the body already ended with the typed error.
        if (!open) return;
        if (chunk.done) {
          finish();
          controller.close();
        } else controller.enqueue(chunk.value);
      },
      cancel(reason) {
        finish();
        // Not awaited: a source whose cancel never settles must not hold the caller's cancel.
        (reader ?? source).cancel(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
  let guarded: Response;
  try {
    guarded = new Response(stream, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  } catch {
    return undefined;
  }
  // What `new Response` cannot set: kept so a later middleware or the caller sees the same response.
  for (const key of ["url", "redirected", "type"] as const) {
    Object.defineProperty(guarded, key, { value: response[key], enumerable: true });
  }
  return {
    response: guarded,
    stop(reason) {
      if (!open) return;
      finish();
      target?.error(reason);
      (reader ?? source).cancel(reason).catch(() => undefined);
    },
  };
}

/**
 * Requests from the matrix to a server under test, over node:http with one fresh connection each (no
 * keep-alive between requests, so closing one request's connection affects that request only).
 */
import { request } from "node:http";

/** A finished request: status and body text, or the error that ended it. */
export interface CallOutcome {
  status: number | undefined;
  body: string;
  error?: string;
}

/** A request in flight that the caller may cut off by closing its connection. */
export interface PendingCall {
  readonly done: Promise<CallOutcome>;
  /** Closes the connection (the server sees the client go away); `done` then resolves with an error. */
  abort(): void;
}

/** Starts `method url`; resolves (never rejects) when it ends, fails, or after `timeoutMs`. */
export function startCall(url: string, options: { method?: string; timeoutMs: number }): PendingCall {
  let abort = (): void => {};
  const done = new Promise<CallOutcome>((resolve) => {
    const req = request(url, { method: options.method ?? "GET", agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", (error) => resolve({ status: res.statusCode, body: "", error: error.message }));
    });
    req.setTimeout(options.timeoutMs, () => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    req.on("error", (error) => resolve({ status: undefined, body: "", error: error.message }));
    req.end();
    abort = () => req.destroy(new Error("aborted by the matrix"));
  });
  return { done, abort: () => abort() };
}

/** `method url` to completion. */
export function call(url: string, options: { method?: string; timeoutMs: number }): Promise<CallOutcome> {
  return startCall(url, options).done;
}

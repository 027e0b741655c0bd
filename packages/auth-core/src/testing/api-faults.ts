/**
 * Provider-neutral fault injection for a mock API: fail the next N calls with a status (429 with
 * `Retry-After`, 503, ...), a dropped connection, or "commit the effect, then drop the connection",
 * and count executions per idempotency key (a repeated key replays the stored response, as payment
 * APIs do). Framework-free: a dropped connection is `Response.error()`, which msw turns into a
 * network error and a node:http server turns into a destroyed socket.
 */

/** What the next API call(s) answer with instead of a normal response. */
export type ApiFault =
  | {
      kind: "status";
      /** HTTP status, e.g. 429 or 503. */
      status: number;
      /** Sent as `Retry-After` (seconds). */
      retryAfterSeconds?: number;
      /** Extra response headers. */
      headers?: Record<string, string>;
      /** Error body; default: the provider mock's usual error body for the status. */
      body?: unknown;
    }
  /** The connection drops before the request reaches the effect: nothing happened. */
  | { kind: "drop" }
  /** The effect is executed, then the connection drops: the caller cannot know it happened. */
  | { kind: "commit_then_drop" };

/** Counters of a mock API. */
export interface ApiFaultStats {
  /** Every call that reached the API (after authorization). */
  calls: number;
  /** Calls whose effect was executed (replays of a stored idempotent response are not executions). */
  executions: number;
  /** Calls answered with an injected fault. */
  injectedFaults: number;
  /** Calls answered from the idempotency store without executing the effect again. */
  idempotentReplays: number;
}

/** Options of MockApiFaults. */
export interface MockApiFaultsOptions {
  /** Header that carries the idempotency key. Default `Idempotency-Key` (header names are case-insensitive). */
  idempotencyHeader?: string;
  /** A JSON body field that carries the key instead (Dollr's `reference_id`); checked when the header is absent. */
  idempotencyBodyField?: string;
  /** Error body of a status fault without its own body (the provider's error shape). */
  errorBody?: (status: number) => unknown;
}

/** A dropped connection, as a mock handler returns it. */
export function droppedConnection(): Response {
  return Response.error();
}

/** Fault queue, idempotency store and counters of a mock API. */
export class MockApiFaults {
  /** Live API counters, updated in place; zeroed by `reset()`. */
  readonly stats: ApiFaultStats = emptyStats();
  #faults: ApiFault[] = [];
  #executions = new Map<string, number>();
  #attempts = new Map<string, number>();
  #stored = new Map<string, Response>();
  readonly #header: string;
  readonly #bodyField: string | undefined;
  readonly #errorBody: (status: number) => unknown;

  constructor(options: MockApiFaultsOptions = {}) {
    this.#header = options.idempotencyHeader ?? "Idempotency-Key";
    this.#bodyField = options.idempotencyBodyField;
    this.#errorBody =
      options.errorBody ?? ((status) => ({ error: { code: "injected_failure", message: `HTTP ${status}` } }));
  }

  /** Makes the next `count` API calls fail with `fault`. */
  failNext(count: number, fault: ApiFault): void {
    for (let i = 0; i < count; i++) this.#faults.push(fault);
  }

  /** Effect executions for an idempotency key (1 = exactly once). */
  executions(idempotencyKey: string): number {
    return this.#executions.get(idempotencyKey) ?? 0;
  }

  /** Calls that carried an idempotency key, retries included. */
  attempts(idempotencyKey: string): number {
    return this.#attempts.get(idempotencyKey) ?? 0;
  }

  /** Every idempotency key seen, with its executions. */
  executionsByKey(): ReadonlyMap<string, number> {
    return new Map(this.#executions);
  }

  /**
   * Answers one API call: applies the next queued fault, else runs `effect`. A call with an
   * idempotency key whose effect already ran gets the stored response; the effect never runs twice.
   */
  async handle(request: Request, effect: () => Response | Promise<Response>): Promise<Response> {
    this.stats.calls += 1;
    const key = request.headers.get(this.#header) ?? (await this.#bodyKey(request));
    if (key !== undefined) this.#attempts.set(key, (this.#attempts.get(key) ?? 0) + 1);
    const fault = this.#faults.shift();
    if (fault) this.stats.injectedFaults += 1;
    if (fault?.kind === "drop") return droppedConnection();
    if (fault?.kind === "status") {
      const headers = new Headers(fault.headers);
      if (fault.retryAfterSeconds !== undefined) headers.set("retry-after", String(fault.retryAfterSeconds));
      headers.set("content-type", "application/json");
      return new Response(JSON.stringify(fault.body ?? this.#errorBody(fault.status)), {
        status: fault.status,
        headers,
      });
    }
    const stored = key === undefined ? undefined : this.#stored.get(key);
    let response: Response;
    if (stored) {
      this.stats.idempotentReplays += 1;
      response = stored.clone();
    } else {
      response = await effect();
      this.stats.executions += 1;
      if (key !== undefined) {
        this.#executions.set(key, (this.#executions.get(key) ?? 0) + 1);
        this.#stored.set(key, response.clone());
      }
    }
    return fault?.kind === "commit_then_drop" ? droppedConnection() : response;
  }

  async #bodyKey(request: Request): Promise<string | undefined> {
    if (this.#bodyField === undefined || request.body === null) return undefined;
    try {
      const value: unknown = Reflect.get((await request.clone().json()) as object, this.#bodyField);
      return typeof value === "string" && value !== "" ? value : undefined;
    } catch {
      return undefined;
    }
  }

  /** Clears the queue, the idempotency store and the counters. */
  reset(): void {
    Object.assign(this.stats, emptyStats());
    this.#faults = [];
    this.#executions.clear();
    this.#attempts.clear();
    this.#stored.clear();
  }
}

function emptyStats(): ApiFaultStats {
  return { calls: 0, executions: 0, injectedFaults: 0, idempotentReplays: 0 };
}

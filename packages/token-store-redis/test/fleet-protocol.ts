/** Messages between the fleet harness (parent) and a fleet worker (child process, IPC). */

/** How a worker builds its client. */
export interface FleetWorkerConfig {
  /** The emulator's API base URL. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Share tokens through this Redis; without it the worker has only its in-process cache. */
  redisUrl?: string;
  /** Redis key namespace, unique per scenario so scenarios never share a token. */
  prefix: string;
  /** Lease of the fleet lock (auth-core `lockLeaseMs`). */
  lockLeaseMs: number;
  /** Refresh-ahead window as a share of the token lifetime (auth-core `refreshWindow.fraction`). */
  refreshFraction: number;
  /** Simulates a refresher that hangs: token requests never leave the process (kill it to end it). */
  hangTokenRequests?: boolean;
}

export type ParentMessage =
  | { type: "configure"; config: FleetWorkerConfig }
  | { type: "burst"; id: number; calls: number }
  | { type: "close" };

/** What a worker's calls saw: outcomes and the distinct bearer tokens it sent. */
export interface BurstResult {
  ok: number;
  failed: number;
  /** Distinct access tokens used by the API calls of this burst. */
  tokens: string[];
  /** Error names of failed calls (never messages, which could quote a value). */
  errors: string[];
}

export type WorkerMessage =
  | { type: "ready" }
  | { type: "configured" }
  | { type: "burst_done"; id: number; result: BurstResult }
  /** The worker is about to send a token request (`at`: its Date.now()). */
  | { type: "token_request"; at: number }
  | { type: "event"; event: string; operation?: string; outcome?: string }
  | { type: "closed" };

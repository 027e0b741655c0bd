/** Where Debian's package (and Homebrew, and a source build) put redis-server. */
export declare const STANDARD_LOCATIONS: readonly string[];
/** The one command a user without root runs to get redis-server on Debian/Ubuntu. */
export declare const INSTALL_COMMAND: string;
/** What the Redis tests and the quickstart print when redis-server is missing. */
export declare const MISSING_MESSAGE: string;
/** The redis-server to run: $REDIS_SERVER_BIN, else the first on PATH, else a standard location. */
export declare function findRedisServer(
  env?: Record<string, string | undefined>,
  locations?: readonly string[],
): string | undefined;
/** Facts about a machine that decide how redis-server is provided. */
export interface MachineFacts {
  found: string | undefined;
  platform: string;
  isRoot: boolean;
  canSudo: boolean;
  hasAptGet: boolean;
}
/** How to provide redis-server. */
export type RedisInstallPlan =
  | { kind: "present"; path: string }
  | { kind: "install"; commands: string[][] }
  | { kind: "manual"; message: string };
/** Nothing when found; apt-get as root or with passwordless sudo; otherwise the message. */
export declare function redisInstallPlan(facts: MachineFacts): RedisInstallPlan;
/** Facts about this machine that redisInstallPlan needs. */
export declare function machineFacts(env?: Record<string, string | undefined>): MachineFacts;

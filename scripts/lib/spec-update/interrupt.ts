/**
 * Cleanup on Ctrl-C: while a scratch copy exists, SIGINT/SIGTERM first run the registered cleanups
 * (stop child process groups, delete the copy), then end the process by the same signal as before.
 */

type Cleanup = () => void;

const cleanups = new Set<Cleanup>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      cleanup();
    } catch {
      // Best effort: one failed cleanup must not keep the others from running.
    }
  }
  cleanups.clear();
  for (const name of SIGNALS) process.removeListener(name, onSignal);
  // No listener is left: the default action ends the process, with the signal as its exit reason.
  process.kill(process.pid, signal);
}

/**
 * Registers `cleanup` to run if the process is interrupted before the returned function is called
 * (call it once the resource is gone by the normal path).
 */
export function cleanupOnInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) for (const name of SIGNALS) process.on(name, onSignal);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) for (const name of SIGNALS) process.removeListener(name, onSignal);
  };
}

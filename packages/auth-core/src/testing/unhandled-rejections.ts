/** Test support: collects the rejections nobody handled while a test ran (they would end a Node process). */
import { afterEach, beforeEach } from "vitest";

/** Registers the hooks; returns the list (emptied before each test) and a wait that lets Node report them. */
export function collectUnhandledRejections(): { unhandled: unknown[]; reported(): Promise<void> } {
  const unhandled: unknown[] = [];
  const collect = (reason: unknown): void => {
    unhandled.push(reason);
  };
  beforeEach(() => {
    unhandled.length = 0;
    process.on("unhandledRejection", collect);
  });
  afterEach(() => {
    process.off("unhandledRejection", collect);
  });
  // Node reports unhandled rejections once the microtask queue is empty.
  return { unhandled, reported: () => new Promise((resolve) => setImmediate(resolve)) };
}

/** Test support: drive fake timers until a promise settles. */
import { vi } from "vitest";

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Advances fake time in `stepMs` steps (at most `maxSteps`) until `promise` settles; returns its outcome. */
export async function settle<T>(promise: Promise<T>, stepMs = 100, maxSteps = 10_000): Promise<Settled<T>> {
  let outcome: Settled<T> | undefined;
  promise.then(
    (value) => {
      outcome = { ok: true, value };
    },
    (error: unknown) => {
      outcome = { ok: false, error };
    },
  );
  for (let step = 0; step < maxSteps && outcome === undefined; step++) {
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  if (outcome === undefined) throw new Error(`promise did not settle within ${stepMs * maxSteps} ms of fake time`);
  return outcome;
}

/** Like settle, but returns the rejection reason and fails if the promise resolved. */
export async function rejectionOf(promise: Promise<unknown>, stepMs = 100): Promise<unknown> {
  const outcome = await settle(promise, stepMs);
  if (outcome.ok) throw new Error("expected a rejection, got a value");
  return outcome.error;
}

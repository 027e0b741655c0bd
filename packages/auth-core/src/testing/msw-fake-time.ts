/** Test support: an msw server (unhandled requests are errors) and fake setTimeout/Date for one test file. */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { resetSharedTokenCaches } from "../authenticated-client.js";

/** Registers the hooks and returns the server; time starts at 2026-01-01T00:00:00Z in every test. */
export function mswWithFakeTime() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    // Clients share tokens and retry budgets process-wide: every test starts cold, with full buckets.
    resetSharedTokenCaches();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  });
  afterEach(() => {
    server.resetHandlers();
    vi.useRealTimers();
  });
  afterAll(() => server.close());
  return server;
}

/** A resilience listener that throws, or returns a promise that rejects, never breaks a call or the process. */
import { delay, HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { mswWithFakeTime } from "../testing/msw-fake-time.js";
import { oauthPaymentsClient, tokenEndpoint } from "../testing/oauth-payments.js";
import { BASE, paymentsApi } from "../testing/payments-api.js";
import { settle } from "../testing/time.js";
import { collectUnhandledRejections } from "../testing/unhandled-rejections.js";
import { DeadlineExceededError } from "./errors.js";
import { withResilience } from "./request-options.js";
import type { ResilienceEvent } from "./types.js";

const server = mswWithFakeTime();

const { unhandled, reported: rejectionsReported } = collectUnhandledRejections();

/** One call retried after a 503 (awaited events), then one stopped by its deadline (the timer's event). */
async function retriedThenDeadline(onEvent: (event: ResilienceEvent) => unknown) {
  tokenEndpoint(server);
  const api = paymentsApi(server);
  api.faults.failNext(1, { kind: "status", status: 503 });
  const seen: string[] = [];
  const { client } = oauthPaymentsClient(
    {},
    {
      onEvent: (event) => {
        if (event.type === "api_attempt" || !("method" in event)) return;
        seen.push(event.type);
        return onEvent(event);
      },
    },
  );
  const retried = await settle(client.GET("/v1/charges"), 10);
  server.use(
    http.get(`${BASE}/v1/charges`, async () => {
      await delay("infinite");
      return HttpResponse.json({});
    }),
  );
  const stopped = await settle(client.GET("/v1/charges", withResilience({ deadlineMs: 500 })), 10);
  await rejectionsReported();
  return { retried, stopped, seen };
}

describe("resilience listeners", () => {
  it("a listener that throws is ignored: the call retries and ends as it would without it", async () => {
    const { retried, stopped, seen } = await retriedThenDeadline(() => {
      throw new Error("listener bug");
    });
    expect(retried.ok && retried.value.response.status).toBe(200);
    expect(stopped.ok ? undefined : stopped.error).toBeInstanceOf(DeadlineExceededError);
    expect(seen).toEqual(["retry", "deadline"]);
    expect(unhandled).toEqual([]);
  });

  it("an async listener whose promise rejects is ignored: no unhandled rejection", async () => {
    const { retried, stopped, seen } = await retriedThenDeadline(async () => {
      await Promise.resolve();
      throw new Error("log sink down");
    });
    expect(retried.ok && retried.value.response.status).toBe(200);
    expect(stopped.ok ? undefined : stopped.error).toBeInstanceOf(DeadlineExceededError);
    expect(seen).toEqual(["retry", "deadline"]);
    expect(unhandled).toEqual([]);
  });
});

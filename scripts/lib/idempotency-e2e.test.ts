/**
 * From document to behaviour: the payments fixture goes through the generator, and a client built
 * with the generated `idempotentOperations` retries a create that committed and then lost its
 * connection, with one key, executing it once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createStaticHeaderClient, type IdempotentOperation } from "@scope/auth-core";
import { MockApiFaults } from "@scope/auth-core/testing";
import { HttpResponse, http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { generateProvider, writeGeneratedFiles } from "./generate-provider.ts";
import { type ProviderEntry, repoRoot } from "./registry.ts";

const BASE = "https://api.payments.test";

/** An API-key client with fast retries over the operations the generator recorded. */
function clientFor<Paths extends {}>(idempotentOperations: readonly IdempotentOperation[]) {
  return createStaticHeaderClient<Paths>({
    baseUrl: BASE,
    fetch: (request) => globalThis.fetch(request),
    header: "Authorization",
    value: "Bearer sk_test_1",
    resilience: { baseDelayMs: 1 },
    idempotentOperations,
  });
}
const server = setupServer();
const scratch = mkdtempSync(join(tmpdir(), "scope-idempotency-e2e-"));
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => {
  server.close();
  rmSync(scratch, { recursive: true, force: true });
});

const entry: ProviderEntry = {
  id: "payments",
  packageName: "@scope/payments",
  title: "Payments",
  spec: "payments.openapi.yaml",
  upstreamUrl: "https://api.payments.test/openapi.yaml",
  fetchedAt: "2026-12-01",
  sha256: "0".repeat(64),
  tokenOperation: {
    method: "post",
    path: "/oauth/token",
    requestMediaType: "application/json",
    requestFields: ["client_id", "client_secret"],
    successStatus: 200,
    responseFields: ["access_token", "expires_in"],
  },
};

interface ChargesPaths {
  "/v1/charges": {
    post: {
      parameters: { header?: { "Idempotency-Key"?: string } };
      requestBody: { content: { "application/json": { amount: number; currency: string } } };
      responses: { 201: { content: { "application/json": { id: string } } } };
    };
  };
}

it("a generated client executes a create once through commit-then-drop and a 503", async () => {
  const files = await generateProvider(entry, {
    specFile: join(repoRoot, "scripts/fixtures/idempotency/payments.openapi.yaml"),
  });
  writeGeneratedFiles(scratch, files);
  const generated = (await import(pathToFileURL(join(scratch, "src/generated/spec.gen.ts")).href)) as {
    idempotentOperations: readonly IdempotentOperation[];
  };
  expect(generated.idempotentOperations).toEqual([{ method: "POST", path: "/v1/charges", header: "Idempotency-Key" }]);

  const api = new MockApiFaults();
  let created = 0;
  server.use(
    http.post(`${BASE}/v1/charges`, ({ request }) =>
      api.handle(request, () => HttpResponse.json({ id: `ch_${++created}` }, { status: 201 })),
    ),
  );
  api.failNext(1, { kind: "commit_then_drop" });
  api.failNext(1, { kind: "status", status: 503, retryAfterSeconds: 0 });
  const client = clientFor<ChargesPaths>(generated.idempotentOperations);
  const { data, response } = await client.POST("/v1/charges", { body: { amount: 100, currency: "EUR" } });
  expect(response.status).toBe(201);
  expect(data).toEqual({ id: "ch_1" });
  expect(api.stats).toMatchObject({ calls: 3, executions: 1, injectedFaults: 2 });
  const [[key, executions] = []] = [...api.executionsByKey()];
  expect(executions).toBe(1);
  expect(api.attempts(key as string)).toBe(3);
});

interface PayoutsPaths {
  "/v1/payouts": {
    post: {
      requestBody: { content: { "application/json": { amount: number; reference_id?: string } } };
      responses: { 201: { content: { "application/json": { id: string; reference_id: string } } } };
    };
  };
}

it("a client generated with a body field (Dollr's reference_id) executes a payout once through commit-then-drop and a 503", async () => {
  const files = await generateProvider(
    {
      ...entry,
      id: "payouts",
      idempotencyBodyField: "reference_id",
      tokenOperation: {
        ...(entry.tokenOperation as NonNullable<ProviderEntry["tokenOperation"]>),
        path: "/v1/jwt/client/obtain/token",
      },
    },
    { specFile: join(repoRoot, "scripts/fixtures/idempotency/payouts.openapi.yaml") },
  );
  const out = join(scratch, "payouts");
  writeGeneratedFiles(out, files);
  const generated = (await import(pathToFileURL(join(out, "src/generated/spec.gen.ts")).href)) as {
    idempotentOperations: readonly IdempotentOperation[];
  };
  expect(generated.idempotentOperations).toEqual([
    { method: "POST", path: "/v1/payouts", bodyField: "reference_id" },
    { method: "POST", path: "/v1/payouts/{payout_id}/reverse", bodyField: "reference_id" },
  ]);

  const api = new MockApiFaults({ idempotencyBodyField: "reference_id" });
  const bodies: string[] = [];
  let created = 0;
  server.use(
    http.post(`${BASE}/v1/payouts`, async ({ request }) => {
      const body = await request.clone().text();
      bodies.push(body);
      const { reference_id } = JSON.parse(body) as { reference_id: string };
      return api.handle(request, () => HttpResponse.json({ id: `po_${++created}`, reference_id }, { status: 201 }));
    }),
  );
  api.failNext(1, { kind: "commit_then_drop" });
  api.failNext(1, { kind: "status", status: 503, retryAfterSeconds: 0 });
  const client = clientFor<PayoutsPaths>(generated.idempotentOperations);
  const { data, response } = await client.POST("/v1/payouts", { body: { amount: 100 } });
  expect(response.status).toBe(201);
  expect(api.stats).toMatchObject({ calls: 3, executions: 1, injectedFaults: 2 });
  const [[key, executions] = []] = [...api.executionsByKey()];
  expect(executions).toBe(1);
  expect(data).toEqual({ id: "po_1", reference_id: key });
  expect(new Set(bodies)).toEqual(new Set([JSON.stringify({ amount: 100, reference_id: key })]));
});

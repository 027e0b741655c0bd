/**
 * Benchmark 9: the client CPU a call pays for the opt-in response checks (`@scope/<provider>/validation`).
 * Each variant sends through a stub fetch that answers at once, so the figures are pure client CPU per
 * call: checks off (the plain provider client), observe and strict, on two responses: Turris' documented
 * token answer (a small nested object) and a 50-item list from the payouts fixture document, generated
 * by the same generator (scripts/lib/generate-provider.ts) into a scratch folder.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createOpenApiClient } from "@scope/auth-core";
import {
  type ResponseSchema,
  type ResponseSchemaTable,
  withResponseValidation as withSchemas,
} from "@scope/auth-core/validation";
import { createTurrisClient } from "@scope/turris";
import { withResponseValidation } from "@scope/turris/validation";
import type { Middleware } from "openapi-fetch";
import { responseSchemas as turrisSchemas } from "../../../../packages/turris/src/generated/responses.zod.gen.ts";
import { generateProvider, writeGeneratedFiles } from "../../../../scripts/lib/generate-provider.ts";
import type { ProviderEntry } from "../../../../scripts/lib/registry.ts";
import { repoRoot } from "../../harness/paths.js";
import { type Summary, summarize } from "../../harness/stats.js";
import { balancedOrder } from "../auth/overhead.js";

/** The variants: no checks, observe, strict, and the rejected design: an onResponse middleware that clones and parses the body again. */
export const CHECK_VARIANTS = ["off", "observe", "strict", "clone"] as const;
/** One variant of benchmark 9. */
export type CheckVariant = (typeof CHECK_VARIANTS)[number];

/** Results of benchmark 9 (client CPU µs per call). */
export interface ResponseChecksResult {
  rounds: number;
  callsPerRound: number;
  /** Per response kind, per variant. */
  usPerCall: Record<"token" | "list", Record<CheckVariant, Summary>>;
  /** Response body sizes in bytes. */
  bodyBytes: Record<"token" | "list", number>;
  /** Set when these figures were measured by a separate `--only checks` run and merged into a full run's results.json. */
  separateRun?: string;
}

const BASE = "http://127.0.0.1:9";
const TOKEN = JSON.stringify({
  data: { accessToken: "eyJhbGciOiJSUzI1NiJ9.stub", expiresIn: 3600, tokenType: "Bearer" },
  requestId: "req-2c5e7cf2",
  timestamp: "2026-12-01T00:00:00.000Z",
});
const LIST = JSON.stringify({
  data: Array.from({ length: 50 }, (_, i) => ({
    id: `po_${i}`,
    amount: 1000 + i,
    currency: "NGN",
    reference_id: "3f0e8e4c-6a43-4a4b-9d4c-1c5e2f8d9a10",
  })),
});

function stub(body: string, status: number): typeof fetch {
  return async () => new Response(body, { status, headers: { "content-type": "application/json" } });
}

type Call = () => Promise<unknown>;

/** The design not taken: check in onResponse on a clone, so the body is read and parsed twice. */
function cloneAndParse(schema: ResponseSchema | null): Middleware {
  if (!schema) throw new Error("response checks: no schema for the clone variant");
  return {
    async onResponse({ response }) {
      schema.safeParse(await response.clone().json());
    },
  };
}

function tokenCalls(tokenSchema: ResponseSchema | null): Record<CheckVariant, Call> {
  const plain = createTurrisClient({
    clientId: "m2m-bench",
    clientSecret: "bench-secret",
    baseUrl: BASE,
    fetch: stub(TOKEN, 201),
  });
  const body = { clientId: "m2m-bench", clientSecret: "bench-secret" };
  const observe = withResponseValidation(plain, { validateResponses: "observe", onMismatch: () => undefined });
  const strict = withResponseValidation(plain, { validateResponses: "strict" });
  const cloning = createTurrisClient({
    clientId: "m2m-bench",
    clientSecret: "bench-secret",
    baseUrl: BASE,
    fetch: stub(TOKEN, 201),
  });
  cloning.use(cloneAndParse(tokenSchema));
  return {
    clone: () => cloning.POST("/v1/auth/jwt", { body }),
    off: () => plain.POST("/v1/auth/jwt", { body }),
    observe: () => observe.POST("/v1/auth/jwt", { body }),
    strict: () => strict.POST("/v1/auth/jwt", { body }),
  };
}

async function payoutsTable(scratch: string): Promise<ResponseSchemaTable> {
  const entry = { id: "payouts", title: "Payouts", spec: "payouts.openapi.yaml" } as ProviderEntry;
  const files = await generateProvider(entry, {
    specFile: join(repoRoot, "scripts/fixtures/idempotency/payouts.openapi.yaml"),
  });
  writeGeneratedFiles(scratch, files);
  const url = pathToFileURL(join(scratch, "src/generated/responses.zod.gen.ts")).href;
  return ((await import(url)) as { responseSchemas: ResponseSchemaTable }).responseSchemas;
}

function listCalls(table: ResponseSchemaTable): Record<CheckVariant, Call> {
  // biome-ignore lint/suspicious/noExplicitAny: the fixture's paths are called untyped; the table is what is measured
  const plain = createOpenApiClient<Record<string, any>>({ baseUrl: BASE, fetch: stub(LIST, 200) });
  const binding = { provider: "payouts", schemas: table };
  const observe = withSchemas(plain, binding, { validateResponses: "observe", onMismatch: () => undefined });
  const strict = withSchemas(plain, binding, { validateResponses: "strict" });
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const cloning = createOpenApiClient<Record<string, any>>({ baseUrl: BASE, fetch: stub(LIST, 200) });
  cloning.use(cloneAndParse(table["GET /v1/payouts"]?.["200"]?.["application/json"] ?? null));
  return {
    clone: () => cloning.GET("/v1/payouts", {}),
    off: () => plain.GET("/v1/payouts", {}),
    observe: () => observe.GET("/v1/payouts", {}),
    strict: () => strict.GET("/v1/payouts", {}),
  };
}

/** Process CPU (user + system) per call in µs, over `calls` sequential calls. */
async function timeCalls(call: Call, calls: number): Promise<number> {
  const started = process.cpuUsage();
  for (let i = 0; i < calls; i++) await call();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / calls;
}

async function measureKind(calls: Record<CheckVariant, Call>, options: { rounds: number; callsPerRound: number }) {
  for (const variant of CHECK_VARIANTS) {
    const result = (await calls[variant]()) as { data?: unknown };
    if (result.data === undefined) throw new Error(`response checks: ${variant} returned no data`);
    await timeCalls(calls[variant], options.callsPerRound);
  }
  const samples = { off: [] as number[], observe: [] as number[], strict: [] as number[], clone: [] as number[] };
  for (let round = 0; round < options.rounds; round++)
    for (const variant of balancedOrder(CHECK_VARIANTS, round))
      samples[variant].push(await timeCalls(calls[variant], options.callsPerRound));
  return {
    off: summarize(samples.off),
    observe: summarize(samples.observe),
    strict: summarize(samples.strict),
    clone: summarize(samples.clone),
  };
}

/** Runs benchmark 9: checks off / observe / strict on a token answer and a 50-item list. */
export async function runResponseChecksSuite(options: {
  rounds: number;
  callsPerRound: number;
}): Promise<ResponseChecksResult> {
  // Inside the repository, so the generated module resolves "zod/mini" from the root node_modules.
  const cache = join(repoRoot, "node_modules/.cache");
  mkdirSync(cache, { recursive: true });
  const scratch = join(cache, `bench-response-checks-${process.pid}`);
  try {
    const table = await payoutsTable(scratch);
    return {
      rounds: options.rounds,
      callsPerRound: options.callsPerRound,
      usPerCall: {
        token: await measureKind(
          tokenCalls(turrisSchemas["POST /v1/auth/jwt"]?.["201"]?.["application/json"] ?? null),
          options,
        ),
        list: await measureKind(listCalls(table), options),
      },
      bodyBytes: { token: TOKEN.length, list: LIST.length },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The RESULTS.md section of benchmark 9. */
export function responseChecksSection(result: ResponseChecksResult | { skipped: string } | undefined): string {
  if (result === undefined) return "";
  if ("skipped" in result) return `## 9. Response checks (opt-in /validation)\n\nSkipped: ${result.skipped}\n`;
  const cell = (s: Summary) => `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  const extra = (kind: "token" | "list", variant: CheckVariant) =>
    `+${(result.usPerCall[kind][variant].median - result.usPerCall[kind].off.median).toFixed(1)}`;
  const row = (kind: "token" | "list", label: string) =>
    `| ${label} (${result.bodyBytes[kind]} B) | ${cell(result.usPerCall[kind].off)} | ${cell(result.usPerCall[kind].observe)} (${extra(kind, "observe")}) | ${cell(result.usPerCall[kind].strict)} (${extra(kind, "strict")}) | ${cell(result.usPerCall[kind].clone)} (${extra(kind, "clone")}) |`;
  return `## 9. Response checks (opt-in /validation)

Client CPU (user + system) per call in µs, median (min–max) of ${result.rounds} rounds of ${result.callsPerRound} sequential
calls through a stub fetch that answers at once (benchmarks/src/suites/validation/response-checks.ts). "off" is the
plain client; observe and strict check the body openapi-fetch already parsed (no second read), so the difference is
the zod/mini parse of the body plus the wrapper.${
    result.separateRun ? ` Measured by a separate run (${result.separateRun}), not the run above.` : ""
  }

| response | checks off | observe | strict | not taken: clone + parse again in onResponse |
| --- | --- | --- | --- | --- |
${row("token", "Turris token answer, 201")}
${row("list", "payouts fixture, 50-item list, 200")}
`;
}

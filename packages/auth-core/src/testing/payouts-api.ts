/**
 * Test support (not exported): a Dollr-style payouts API whose idempotency key is the JSON body field
 * `reference_id` (scripts/fixtures/idempotency/payouts.openapi.yaml), against msw + MockApiFaults.
 */
import { type HttpHandler, HttpResponse, http } from "msw";
import { MockApiFaults } from "./api-faults.js";

export const PAYOUTS_BASE = "https://api.payouts.test";
export const PAYOUTS_TOKEN_URL = "https://auth.payouts.test/oauth/token";

interface Json<T> {
  headers: { [name: string]: unknown };
  content: { "application/json": T };
}
interface Payout {
  id: string;
  amount: number;
  reference_id: string;
}
interface ById {
  query?: never;
  header?: never;
  path: { payout_id: string };
  cookie?: never;
}

/** The openapi-typescript shape of the fixture's list / create / retrieve / update operations. */
export interface payoutPaths {
  "/v1/payouts": {
    get: { parameters: object; requestBody?: never; responses: { 200: Json<{ data: Payout[] }> } };
    post: {
      parameters: object;
      requestBody: { content: { "application/json": { amount: number; reference_id?: string } } };
      responses: { 201: Json<Payout> };
    };
  };
  "/v1/payouts/{payout_id}": {
    get: { parameters: ById; requestBody?: never; responses: { 200: Json<Payout> } };
    patch: {
      parameters: ById;
      requestBody: { content: { "application/json": { note: string } } };
      responses: { 200: Json<Payout> };
    };
  };
}

/** What the generator records for the fixture document with `idempotencyBodyField: "reference_id"`. */
export const payoutsIdempotentOperations = [
  { method: "POST", path: "/v1/payouts", bodyField: "reference_id" },
  { method: "POST", path: "/v1/payouts/{payout_id}/reverse", bodyField: "reference_id" },
] as const;

/** Installs the payouts API and a token endpoint (token-1, token-2, ...) on `server`; records every call. */
export function payoutsApi(server: { use(...handlers: HttpHandler[]): void }) {
  const faults = new MockApiFaults({ idempotencyBodyField: "reference_id" });
  const seen: { method: string; path: string; body: string; authorization: string | null }[] = [];
  let payouts = 0;
  let tokens = 0;
  const record = async (request: Request): Promise<string> => {
    const body = request.body === null ? "" : await request.clone().text();
    seen.push({
      method: request.method,
      path: new URL(request.url).pathname,
      body,
      authorization: request.headers.get("authorization"),
    });
    return body;
  };
  server.use(
    http.post(PAYOUTS_TOKEN_URL, () => {
      tokens += 1;
      return HttpResponse.json({ access_token: `token-${tokens}`, expires_in: 3600 });
    }),
    http.post(`${PAYOUTS_BASE}/v1/payouts`, async ({ request }) => {
      const text = await record(request);
      return faults.handle(request, () => {
        payouts += 1;
        return HttpResponse.json({ id: `po_${payouts}`, ...(JSON.parse(text) as object) }, { status: 201 });
      });
    }),
    http.all(`${PAYOUTS_BASE}/v1/payouts/:id`, async ({ request, params }) => {
      await record(request);
      return faults.handle(request, () => HttpResponse.json({ id: String(params.id), amount: 1, reference_id: "r" }));
    }),
  );
  /** The reference_id each recorded call carried in its body (undefined when none). */
  const references = (): (string | undefined)[] =>
    seen.map((s) => (s.body ? (JSON.parse(s.body) as { reference_id?: string }).reference_id : undefined));
  return { faults, seen, references, payouts: () => payouts, tokens: () => tokens };
}

/**
 * Test support: the openapi-typescript shape of the payments fixture document
 * (scripts/fixtures/idempotency/payments.openapi.yaml): list / create / retrieve charges, where
 * create declares an `Idempotency-Key` header, plus update (PATCH) and cancel (DELETE) without one.
 */
interface Json<T> {
  headers: { [name: string]: unknown };
  content: { "application/json": T };
}
interface Charge {
  id: string;
  amount: number;
  currency: string;
}
interface NoParams {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}
interface ById {
  query?: never;
  header?: never;
  path: { charge_id: string };
  cookie?: never;
}

export interface paths {
  "/v1/charges": {
    parameters: NoParams;
    get: {
      parameters: NoParams;
      requestBody?: never;
      responses: { 200: Json<{ data: Charge[] }> };
    };
    post: {
      parameters: { query?: never; header?: { "Idempotency-Key"?: string }; path?: never; cookie?: never };
      requestBody: { content: { "application/json": { amount: number; currency: string } } };
      responses: { 201: Json<Charge> };
    };
  };
  "/v1/charges/{charge_id}": {
    parameters: ById;
    get: { parameters: ById; requestBody?: never; responses: { 200: Json<Charge> } };
    patch: {
      parameters: ById;
      requestBody: { content: { "application/json": { amount: number } } };
      responses: { 200: Json<Charge> };
    };
    delete: { parameters: ById; requestBody?: never; responses: { 200: Json<Charge> } };
  };
}

/** What the generator records for the fixture document. */
export const paymentsIdempotentOperations = [
  { method: "POST", path: "/v1/charges", header: "Idempotency-Key" },
] as const;

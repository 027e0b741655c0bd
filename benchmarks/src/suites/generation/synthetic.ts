/** Synthetic OpenAPI 3.1 documents of a chosen size, shaped like a typical payments API. */

type Json = Record<string, unknown>;

/** The path of synthetic operation `index` (every operation has its own path). */
export function syntheticPath(index: number): string {
  return `/resources/r${index}/{id}`;
}

function resourceSchema(index: number): Json {
  return {
    type: "object",
    required: ["id", "amount", "currency", "createdAt"],
    properties: {
      id: { type: "string", description: `Identifier of resource ${index}` },
      amount: { type: "integer", minimum: 0 },
      currency: { type: "string", enum: ["NGN", "USD", "GHS"] },
      createdAt: { type: "string", format: "date-time" },
    },
  };
}

function operation(index: number): [method: "get" | "post", Json] {
  const responses = {
    "200": {
      description: "The resource",
      content: { "application/json": { schema: { $ref: `#/components/schemas/Resource${index}` } } },
    },
    "404": {
      description: "Not found",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    },
  };
  const parameters = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
  const base = { operationId: `operation${index}` };
  if (index % 2 === 0) return ["get", { ...base, parameters, responses }];
  return [
    "post",
    {
      ...base,
      parameters,
      requestBody: {
        required: true,
        content: { "application/json": { schema: { $ref: `#/components/schemas/Resource${index}` } } },
      },
      responses,
    },
  ];
}

/** Builds a document with exactly `operations` operations (half GET, half POST), each with its own schema. */
export function syntheticDocument(operations: number): Json {
  const paths: Json = {};
  const schemas: Json = {
    Error: {
      type: "object",
      required: ["error"],
      properties: {
        error: {
          type: "object",
          required: ["code", "message"],
          properties: { code: { type: "string" }, message: { type: "string" } },
        },
      },
    },
  };
  for (let i = 0; i < operations; i++) {
    const [method, op] = operation(i);
    paths[syntheticPath(i)] = { [method]: op };
    schemas[`Resource${i}`] = resourceSchema(i);
  }
  return {
    openapi: "3.1.0",
    info: { title: `Synthetic API (${operations} operations)`, version: "1.0.0" },
    servers: [{ url: "https://api.example.test", description: "Production" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: { schemas, securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } },
  };
}

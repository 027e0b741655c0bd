/** Test support: an openapi-typescript shaped `paths` type for a tiny API. */
interface NoParams {
  query?: never;
  header?: never;
  path?: never;
  cookie?: never;
}
interface Json<T> {
  headers: { [name: string]: unknown };
  content: { "application/json": T };
}
interface ErrorResponses {
  401: Json<{ error: string }>;
}

export interface paths {
  "/things": {
    parameters: NoParams;
    get: {
      parameters: NoParams;
      requestBody?: never;
      responses: { 200: Json<{ items: string[] }> } & ErrorResponses;
    };
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": { name: string; tags: string[] } } };
      responses: { 201: Json<{ echoed: unknown }> } & ErrorResponses;
    };
  };
  "/oauth/token": {
    parameters: NoParams;
    post: {
      parameters: NoParams;
      requestBody?: never;
      responses: { 200: Json<{ access_token: string; expires_in: number }> } & ErrorResponses;
    };
  };
}

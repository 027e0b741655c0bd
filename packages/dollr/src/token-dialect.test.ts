import { describe, expect, it } from "vitest";
import { createDollrTokenEndpoint, parseDollrError } from "./token-dialect.js";

function capture(response: () => Response) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return response();
  };
  return { requests, fetch };
}

const config = { baseUrl: "https://api.heydollr.app", clientId: "id-1", clientSecret: "secret-1" };
const signal = new AbortController().signal;

describe("Dollr token dialect", () => {
  it("posts snake_case credentials to /v1/jwt/client/obtain/token without an Authorization header", async () => {
    const { requests, fetch } = capture(() => Response.json({ access_token: "t", expires_in: 60 }));
    const endpoint = createDollrTokenEndpoint({ ...config, fetch });
    const response = await endpoint.send({ signal });
    expect(await response.json()).toEqual({ access_token: "t", expires_in: 60 });
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://api.heydollr.app/v1/jwt/client/obtain/token");
    expect(request?.headers.get("authorization")).toBeNull();
    expect(await request?.json()).toEqual({ client_id: "id-1", client_secret: "secret-1" });
    expect(endpoint.redact).toEqual(["secret-1"]);
  });

  it("hands over an error response whose body, status and headers are still readable", async () => {
    const body = { detail: [{ loc: ["body", "client_id"], msg: "Field required", type: "missing" }] };
    const { fetch } = capture(() => Response.json(body, { status: 422, headers: { "x-request-id": "r-1" } }));
    const response = await createDollrTokenEndpoint({ ...config, fetch }).send({ signal });
    expect(response.status).toBe(422);
    expect(response.headers.get("x-request-id")).toBe("r-1");
    expect(await response.json()).toEqual(body);
  });

  it("converts expires_in from minutes to milliseconds", () => {
    const endpoint = createDollrTokenEndpoint({ ...config, fetch: async () => new Response() });
    expect(endpoint.toToken({ access_token: "t", expires_in: 60 })).toEqual({
      accessToken: "t",
      expiresInMs: 3_600_000,
    });
  });

  it("reads both detail shapes and ignores anything else", () => {
    expect(
      parseDollrError({
        detail: [
          { loc: ["body", "client_id"], msg: "Field required", type: "missing" },
          { loc: ["body", 0], msg: "bad", type: "value_error" },
        ],
      }),
    ).toEqual({ code: "missing", message: "body.client_id: Field required; body.0: bad" });
    expect(parseDollrError({ detail: "Invalid client credentials" })).toEqual({
      message: "Invalid client credentials",
    });
    expect(parseDollrError("<html>bad gateway</html>")).toEqual({});
    expect(parseDollrError({ detail: [] })).toEqual({});
  });
});

import { describeResponseValidation } from "../../../scripts/lib/testing/response-validation-suite.ts";
import { createTurrisClient, TURRIS_DEFAULT_BASE_URL } from "./index.js";
import { createTurrisMock, TURRIS_MOCK_TOKEN_PATH } from "./testing.js";
import { withResponseValidation } from "./validation.js";

const credentials = { clientId: "m2m-client-abc123", clientSecret: "turris-super-secret-value" };

describeResponseValidation({
  provider: "turris",
  operation: "POST /v1/auth/jwt",
  tokenUrl: `${TURRIS_DEFAULT_BASE_URL}${TURRIS_MOCK_TOKEN_PATH}`,
  mockHandlers: createTurrisMock(credentials).handlers,
  call: (options, perCall) =>
    withResponseValidation(createTurrisClient(credentials), options).POST("/v1/auth/jwt", {
      body: credentials,
      ...perCall,
    }),
  success: {
    status: 201,
    body: (marker) => ({
      data: { accessToken: marker, expiresIn: 3600, tokenType: "Bearer" },
      requestId: "req-1",
      timestamp: "2026-12-01T00:00:00.000Z",
    }),
  },
  documentedStatuses: ["201", "401", "429"],
  errorStatus: 401,
  requiredField: ["data", "expiresIn"],
  stringField: ["data", "accessToken"],
});

import { describeResponseValidation } from "../../../scripts/lib/testing/response-validation-suite.ts";
import { createDollrClient, DOLLR_DEFAULT_BASE_URL } from "./index.js";
import { createDollrMock, DOLLR_MOCK_TOKEN_PATH } from "./testing.js";
import { withResponseValidation } from "./validation.js";

const credentials = { clientId: "dollr-client-id", clientSecret: "dollr-super-secret-value" };

describeResponseValidation({
  provider: "dollr",
  operation: "POST /{version}/jwt/client/obtain/token",
  tokenUrl: `${DOLLR_DEFAULT_BASE_URL}${DOLLR_MOCK_TOKEN_PATH}`,
  mockHandlers: createDollrMock(credentials).handlers,
  call: (options, perCall) =>
    withResponseValidation(createDollrClient(credentials), options).POST("/{version}/jwt/client/obtain/token", {
      params: { path: { version: "v1" } },
      body: { client_id: credentials.clientId, client_secret: credentials.clientSecret },
      ...perCall,
    }),
  success: { status: 200, body: (marker) => ({ access_token: marker, expires_in: 60 }) },
  documentedStatuses: ["200", "422"],
  errorStatus: 422,
  requiredField: ["expires_in"],
  stringField: ["access_token"],
});

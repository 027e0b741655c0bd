import { describeResponseValidation } from "../../../scripts/lib/testing/response-validation-suite.ts";
import { createDuroClient, DURO_DEFAULT_BASE_URL } from "./index.js";
import { createDuroMock, DURO_MOCK_TOKEN_PATH } from "./testing.js";
import { withResponseValidation } from "./validation.js";

const credentials = { clientId: "cid_test_4f2a", clientSecret: "duro-super-secret-value" };

// Duro's document requires no field of the token response and documents only its 200, so the
// missing-field and error-media-type cases run on the fixture documents (scripts/lib/response-schemas).
describeResponseValidation({
  provider: "duro",
  operation: "POST /v1/oauth/token",
  tokenUrl: `${DURO_DEFAULT_BASE_URL}${DURO_MOCK_TOKEN_PATH}`,
  mockHandlers: createDuroMock(credentials).handlers,
  call: (options, perCall) =>
    withResponseValidation(createDuroClient(credentials), options).POST("/v1/oauth/token", {
      body: {
        grant_type: "client_credentials",
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      },
      ...perCall,
    }),
  success: { status: 200, body: (marker) => ({ access_token: marker, token_type: "Bearer", expires_in: 3600 }) },
  documentedStatuses: ["200"],
  stringField: ["access_token"],
});

/**
 * Test support (run as a child process by process-exit.test.ts): gets one token through the public
 * fetcher + cache from TOKEN_URL, prints it as a JSON line, then does nothing more. Whether the process
 * stays alive for the answer, and exits once it has it, is what the parent measures.
 */
import { createTokenCache, createTokenFetcher } from "../index.js";
import { formEndpoint } from "./endpoint.js";

const tokenUrl = process.env.TOKEN_URL ?? "";
const fetchToken = createTokenFetcher(formEndpoint(tokenUrl), { maxRetries: 2, baseDelayMs: 1 });
const cache = createTokenCache({ key: "exit-child", fetchToken });
const token = await cache.getToken();
process.stdout.write(`${JSON.stringify({ token: token.accessToken, at: Date.now() })}\n`);

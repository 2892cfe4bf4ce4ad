import { createLogger } from '../shared/log';
import { createHandler, createVerifier, parseAuthorizerConfig, prefetchKeys } from './handler';

// Wired once, at cold start: config parsed and checked; the verifier (and its JWKS cache) lives across invocations.
// The pool's signing keys are fetched now, while the function initialises, not by the first request; a failed
// fetch is harmless (the first request fetches them, as it would have).
const config = parseAuthorizerConfig(process.env);
const log = createLogger();
export const handler = createHandler({ config, verifier: prefetchKeys(createVerifier(config), log), log });

import { createLogger } from '../shared/log';
import { createHandler, createVerifier, parseAuthorizerConfig } from './handler';

// Wired once, at cold start: config parsed and checked; the verifier (and its JWKS cache) lives across invocations.
const config = parseAuthorizerConfig(process.env);
export const handler = createHandler({ config, verifier: createVerifier(config), log: createLogger() });

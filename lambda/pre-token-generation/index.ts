import { createLogger } from '../shared/log';
import { createHandler, parsePreTokenConfig } from './handler';

// Wired once, at cold start: config parsed and checked. No SDK client: this trigger makes no network call.
export const handler = createHandler({ config: parsePreTokenConfig(process.env), log: createLogger() });

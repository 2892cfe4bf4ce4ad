import { createLogger } from '../shared/log';
import { createHandler, parseInboundFederationConfig } from './handler';

// Wired once, at cold start: the rules parsed and checked. This trigger makes no network call and loads no AWS SDK.
export const handler = createHandler({ config: parseInboundFederationConfig(process.env), log: createLogger() });

import { createLogger } from '../shared/log';
import { createHandler, parseCustomMessageConfig } from './handler';

// Wired once, at cold start: the templates parsed and checked. This trigger makes no network call and loads no AWS SDK.
export const handler = createHandler({ config: parseCustomMessageConfig(process.env), log: createLogger() });

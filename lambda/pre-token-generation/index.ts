import { sdkAddUserToGroup } from '../shared/aws-sdk';
import { createLogger } from '../shared/log';
import { createHandler, parsePreTokenConfig } from './handler';

// Wired once, at cold start: config parsed and checked. With default groups to add, the port is given, but the AWS SDK
// is loaded only by the first call that adds a user to a group: a user already in them (every sign-in after the
// first) makes no call, and a cold start that answers one loads no SDK. Without default groups (or in a replica
// region, which adds none) this trigger makes no network call at all.
const config = parsePreTokenConfig(process.env);

export const handler = createHandler({
  config,
  log: createLogger(),
  addUserToGroup: config.defaultGroups.length > 0 && config.joinDefaultGroups !== false ? sdkAddUserToGroup : undefined,
});

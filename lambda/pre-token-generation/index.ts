import { createLogger } from '../shared/log';
import { type AddUserToGroup, createHandler, parsePreTokenConfig } from './handler';

// Wired once, at cold start: config parsed and checked. The AWS SDK is loaded only when there are default groups
// to add; otherwise this trigger makes no network call and its cold start pays for no SDK.
const config = parsePreTokenConfig(process.env);

function sdkAddUserToGroup(): AddUserToGroup {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-cognito-identity-provider') as typeof import('@aws-sdk/client-cognito-identity-provider');
  const client = new sdk.CognitoIdentityProviderClient({});
  return async (UserPoolId, Username, GroupName) => {
    await client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
  };
}

export const handler = createHandler({
  config,
  log: createLogger(),
  addUserToGroup: config.defaultGroups.length > 0 && config.joinDefaultGroups !== false ? sdkAddUserToGroup() : undefined,
});

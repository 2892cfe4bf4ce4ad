import type * as CognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import { cognitoClient, sdkAddUserToGroup } from '../shared/aws-sdk';
import { createLogger } from '../shared/log';
import { createHandler, parsePoolMigrationConfig, type AdminAuthenticate, type AdminGetUser, type ListGroupsForUser } from './handler';

// Wired once, at cold start. The old pool may be in another region (the one in its id): its client is made for that
// region on its first call. The new pool's calls (groups, the marker attribute) go through the shared client.
const config = parsePoolMigrationConfig(process.env);

let oldPool: { sdk: typeof CognitoSdk; client: CognitoSdk.CognitoIdentityProviderClient } | undefined;
function oldPoolClient() {
  if (oldPool === undefined) {
    const { sdk } = cognitoClient();
    oldPool = { sdk, client: new sdk.CognitoIdentityProviderClient({ region: config.userPoolId.split('_')[0] }) };
  }
  return oldPool;
}

const authenticate: AdminAuthenticate = async (UserPoolId, ClientId, USERNAME, PASSWORD) => {
  const { sdk, client } = oldPoolClient();
  const out = await client.send(new sdk.AdminInitiateAuthCommand({
    UserPoolId, ClientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME, PASSWORD },
  }));
  return out.ChallengeName;
};

const getUser: AdminGetUser = async (UserPoolId, Username) => {
  const { sdk, client } = oldPoolClient();
  const out = await client.send(new sdk.AdminGetUserCommand({ UserPoolId, Username }));
  return {
    username: out.Username ?? Username,
    enabled: out.Enabled !== false,
    attributes: Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? ''])),
  };
};

const listGroups: ListGroupsForUser = async (UserPoolId, Username) => {
  const { sdk, client } = oldPoolClient();
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const out = await client.send(new sdk.AdminListGroupsForUserCommand({ UserPoolId, Username, NextToken }));
    names.push(...(out.Groups ?? []).map((g) => g.GroupName ?? '').filter((n) => n !== ''));
    NextToken = out.NextToken;
  } while (NextToken);
  return names;
};

export const handler = createHandler({
  config,
  authenticate,
  getUser,
  listGroups,
  addUserToGroup: sdkAddUserToGroup,
  deleteUserAttribute: async (UserPoolId, Username, name) => {
    const { sdk, client } = cognitoClient();
    await client.send(new sdk.AdminDeleteUserAttributesCommand({ UserPoolId, Username, UserAttributeNames: [name] }));
  },
  log: createLogger(),
});

import { createLogger } from '../shared/log';
import { type AddUserToGroup, createHandler, parsePostConfirmationConfig, type PutProfile } from './handler';

// Wired once, at cold start: config parsed and checked. Each AWS SDK client is loaded only when the config needs it
// (Cognito for default groups, DynamoDB for a profile table); with neither, this trigger makes no network call and
// its cold start pays for no SDK.
const config = parsePostConfirmationConfig(process.env);

function sdkAddUserToGroup(): AddUserToGroup {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-cognito-identity-provider') as typeof import('@aws-sdk/client-cognito-identity-provider');
  const client = new sdk.CognitoIdentityProviderClient({});
  return async (UserPoolId, Username, GroupName) => {
    await client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
  };
}

function sdkPutProfile(): PutProfile {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-dynamodb') as typeof import('@aws-sdk/client-dynamodb');
  const client = new sdk.DynamoDBClient({});
  return async ({ tableName, partitionKey }, { sub, username, createdAt }) => {
    await client.send(
      new sdk.PutItemCommand({
        TableName: tableName,
        Item: { [partitionKey]: { S: sub }, username: { S: username }, createdAt: { S: createdAt } },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': partitionKey },
      }),
    );
  };
}

export const handler = createHandler({
  config,
  addUserToGroup: config.defaultGroups.length > 0 ? sdkAddUserToGroup() : undefined,
  putProfile: config.profileTable ? sdkPutProfile() : undefined,
  log: createLogger(),
  now: () => new Date(),
});

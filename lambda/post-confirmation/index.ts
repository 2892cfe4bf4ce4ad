import { dynamoDbClient, sdkAddUserToGroup } from '../shared/aws-sdk';
import { createLogger } from '../shared/log';
import { createHandler, parsePostConfirmationConfig, type PutProfile } from './handler';

// Wired once, at cold start: config parsed and checked. The ports the config needs are given (Cognito for default
// groups, DynamoDB for a profile table), but each AWS SDK client is loaded only by the first call that uses it: a
// cold start that answers an event needing no call (a password-reset confirmation) loads no SDK. With neither
// groups nor a table this trigger makes no network call at all.
const config = parsePostConfirmationConfig(process.env);

const sdkPutProfile: PutProfile = async ({ tableName, partitionKey }, { sub, username, createdAt }) => {
  const { sdk, client } = dynamoDbClient();
  await client.send(
    new sdk.PutItemCommand({
      TableName: tableName,
      Item: { [partitionKey]: { S: sub }, username: { S: username }, createdAt: { S: createdAt } },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': partitionKey },
    }),
  );
};

export const handler = createHandler({
  config,
  addUserToGroup: config.defaultGroups.length > 0 ? sdkAddUserToGroup : undefined,
  putProfile: config.profileTable ? sdkPutProfile : undefined,
  log: createLogger(),
  now: () => new Date(),
});

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLogger } from '../shared/log';
import { createHandler, parsePostConfirmationConfig } from './handler';

// Wired once, at cold start: config parsed and checked, SDK clients created.
const config = parsePostConfirmationConfig(process.env);
export const handler = createHandler({
  config,
  cognito: new CognitoIdentityProviderClient({}),
  dynamo: config.profileTable ? new DynamoDBClient({}) : undefined,
  log: createLogger(),
  now: () => new Date(),
});

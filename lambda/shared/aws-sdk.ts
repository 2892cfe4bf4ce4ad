/**
 * The AWS SDK clients, for index.ts only (handler.ts takes ports and imports no SDK value). Each client's package is
 * loaded, and the client created, by the first call that needs it, then kept for the function's lifetime: a cold
 * start whose first events need no call loads no SDK at all. A failed load rejects that call (the handler's error
 * path logs its error name), and the next call tries again.
 */
import type * as CognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type { AddUserToGroup } from './ports';

/** A client's package and the client, as loaded on first use. */
export interface Loaded<Sdk, Client> {
  readonly sdk: Sdk;
  readonly client: Client;
}

export type Cognito = Loaded<typeof CognitoSdk, CognitoSdk.CognitoIdentityProviderClient>;
export type DynamoDb = Loaded<typeof DynamoDbSdk, DynamoDbSdk.DynamoDBClient>;

let cognito: Cognito | undefined;
let dynamoDb: DynamoDb | undefined;

/** The Cognito user-pool API's package and client, loaded on the first call. */
export function cognitoClient(): Cognito {
  if (cognito === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('@aws-sdk/client-cognito-identity-provider') as typeof CognitoSdk;
    cognito = { sdk, client: new sdk.CognitoIdentityProviderClient({}) };
  }
  return cognito;
}

/** DynamoDB's package and client, loaded on the first call. */
export function dynamoDbClient(): DynamoDb {
  if (dynamoDb === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('@aws-sdk/client-dynamodb') as typeof DynamoDbSdk;
    dynamoDb = { sdk, client: new sdk.DynamoDBClient({}) };
  }
  return dynamoDb;
}

/** AdminAddUserToGroup through the Cognito client, which its first call loads. */
export const sdkAddUserToGroup: AddUserToGroup = async (UserPoolId, Username, GroupName) => {
  const { sdk, client } = cognitoClient();
  await client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
};

/**
 * The AWS SDK clients, for index.ts only (handler.ts takes ports and imports no SDK value). Each client's package is
 * loaded, and the client created, by the first call that needs it, then kept for the function's lifetime: a cold
 * start whose first events need no call loads no SDK at all. A failed load rejects that call (the handler's error
 * path logs its error name), and the next call tries again.
 */
import type * as CognitoSdk from '@aws-sdk/client-cognito-identity-provider';
import type * as DynamoDbSdk from '@aws-sdk/client-dynamodb';
import type * as SesSdk from '@aws-sdk/client-sesv2';
import type * as SnsSdk from '@aws-sdk/client-sns';
import type { AddUserToGroup } from './ports';

/** A client's package and the client, as loaded on first use. */
export interface Loaded<Sdk, Client> {
  readonly sdk: Sdk;
  readonly client: Client;
}

export type Cognito = Loaded<typeof CognitoSdk, CognitoSdk.CognitoIdentityProviderClient>;
export type DynamoDb = Loaded<typeof DynamoDbSdk, DynamoDbSdk.DynamoDBClient>;

export type Ses = Loaded<typeof SesSdk, SesSdk.SESv2Client>;
export type Sns = Loaded<typeof SnsSdk, SnsSdk.SNSClient>;

let cognito: Cognito | undefined;
let dynamoDb: DynamoDb | undefined;
let ses: Ses | undefined;
let sns: Sns | undefined;

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

/** Amazon SES (v2)'s package and client, loaded on the first call. */
export function sesClient(): Ses {
  if (ses === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('@aws-sdk/client-sesv2') as typeof SesSdk;
    ses = { sdk, client: new sdk.SESv2Client({}) };
  }
  return ses;
}

/** Amazon SNS's package and client, loaded on the first call. */
export function snsClient(): Sns {
  if (sns === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('@aws-sdk/client-sns') as typeof SnsSdk;
    sns = { sdk, client: new sdk.SNSClient({}) };
  }
  return sns;
}

/** AdminAddUserToGroup through the Cognito client, which its first call loads. */
export const sdkAddUserToGroup: AddUserToGroup = async (UserPoolId, Username, GroupName) => {
  const { sdk, client } = cognitoClient();
  await client.send(new sdk.AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
};

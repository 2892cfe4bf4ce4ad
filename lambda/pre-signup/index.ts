import { cognitoClient } from '../shared/aws-sdk';
import { createLogger } from '../shared/log';
import { createHandler, type LinkProviderForUser, type ListUsersByEmail, parsePreSignUpConfig } from './handler';

// Wired once, at cold start: config parsed and checked. With linking on, the ports are given, but the AWS SDK is
// loaded only by the first federated sign-up that looks a user up: native sign-ups make no call, and a cold start
// that answers one loads no SDK. Without linking this trigger makes no network call at all.
const config = parsePreSignUpConfig(process.env);

// The address was checked (no quotes, backslashes or white space) before it reaches the filter.
const listUsersByEmail: ListUsersByEmail = async (UserPoolId, email) => {
  const { sdk, client } = cognitoClient();
  return (await client.send(new sdk.ListUsersCommand({ UserPoolId, Filter: `email = "${email}"`, Limit: 10 }))).Users ?? [];
};

const linkProviderForUser: LinkProviderForUser = async (UserPoolId, nativeUserName, provider, providerUserId) => {
  const { sdk, client } = cognitoClient();
  await client.send(
    new sdk.AdminLinkProviderForUserCommand({
      UserPoolId,
      DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: nativeUserName },
      SourceUser: { ProviderName: provider, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: providerUserId },
    }),
  );
};

export const handler = createHandler({
  config,
  log: createLogger(),
  ...(config.linkExternalUsers ? { listUsersByEmail, linkProviderForUser } : {}),
});

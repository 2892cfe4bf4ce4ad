import { createLogger } from '../shared/log';
import { createHandler, type LinkProviderForUser, type ListUsersByEmail, parsePreSignUpConfig } from './handler';

// Wired once, at cold start: config parsed and checked. The AWS SDK is loaded only when external users are linked;
// otherwise this trigger makes no network call and its cold start pays for no SDK.
const config = parsePreSignUpConfig(process.env);

function sdkLinking(): { listUsersByEmail: ListUsersByEmail; linkProviderForUser: LinkProviderForUser } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-cognito-identity-provider') as typeof import('@aws-sdk/client-cognito-identity-provider');
  const client = new sdk.CognitoIdentityProviderClient({});
  return {
    // The address was checked (no quotes, backslashes or white space) before it reaches the filter.
    listUsersByEmail: async (UserPoolId, email) =>
      (await client.send(new sdk.ListUsersCommand({ UserPoolId, Filter: `email = "${email}"`, Limit: 10 }))).Users ?? [],
    linkProviderForUser: async (UserPoolId, nativeUserName, provider, providerUserId) => {
      await client.send(
        new sdk.AdminLinkProviderForUserCommand({
          UserPoolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: nativeUserName },
          SourceUser: { ProviderName: provider, ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: providerUserId },
        }),
      );
    },
  };
}

export const handler = createHandler({
  config,
  log: createLogger(),
  ...(config.linkExternalUsers ? sdkLinking() : {}),
});

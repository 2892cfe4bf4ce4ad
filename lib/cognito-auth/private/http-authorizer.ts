import type * as cognito from 'aws-cdk-lib/aws-cognito';
import { type HttpApiAuthorizerOptions, UserPoolHttpAuthorizer } from '../../authorizers';

/**
 * The JWT authorizer of `CognitoAuth.httpApiAuthorizer`: for the named clients, or for every client of the pool,
 * including clients added later (`follow` registers the listener that adds them).
 */
export function httpApiAuthorizerOf(
  userPool: cognito.IUserPool,
  options: HttpApiAuthorizerOptions,
  named: cognito.IUserPoolClient[] | undefined,
  existing: Iterable<{ readonly userPoolClient: cognito.IUserPoolClient }>,
  follow: (listener: (client: { readonly userPoolClient: cognito.IUserPoolClient }) => void) => void,
): UserPoolHttpAuthorizer {
  const authorizer = new UserPoolHttpAuthorizer({ userPool, authorizerName: options.authorizerName ?? options.id, clients: named });
  if (named === undefined) {
    for (const client of existing) authorizer.addClient(client.userPoolClient);
    follow((client) => authorizer.addClient(client.userPoolClient));
  }
  return authorizer;
}

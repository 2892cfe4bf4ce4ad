import type * as CognitoIdentity from '@aws-sdk/client-cognito-identity';
import type * as Sts from '@aws-sdk/client-sts';
import { sdk } from './private/aws-sdk';

/** The calls of @aws-sdk/client-cognito-identity that the credential flow makes (GetId, GetCredentialsForIdentity). */
export interface CognitoIdentityClientLike {
  send(command: any): Promise<any>;
}

/** STS, called with the credentials the identity pool handed out (GetCallerIdentity). */
export interface StsClientLike {
  send(command: any): Promise<{ Arn?: string }>;
}

/** Temporary AWS credentials, as the identity pool hands them out. */
export interface PoolCredentials {
  readonly AccessKeyId: string;
  readonly SecretKey: string;
  readonly SessionToken: string;
  readonly Expiration?: Date;
}

export interface IdentityCredentials {
  readonly identityId: string;
  readonly credentials: PoolCredentials;
  /** The IAM role the credentials belong to (from STS GetCallerIdentity). */
  readonly roleName: string;
}

/**
 * Exchanges a user-pool ID token for AWS credentials through the identity pool (enhanced flow: GetId, then
 * GetCredentialsForIdentity) and asks STS which role they belong to.
 * @param providerName the user pool's provider name: cognito-idp.<region>.amazonaws.com/<userPoolId>
 * @param sts makes an STS client that signs with the given credentials
 * @param onIdentity told the identity id as soon as GetId answers, so that a caller can delete it even when a later
 *   call fails
 */
export async function getIdentityCredentials(
  identity: CognitoIdentityClientLike,
  sts: (credentials: PoolCredentials) => StsClientLike,
  input: { identityPoolId: string; providerName: string; idToken: string },
  onIdentity: (identityId: string) => void = () => undefined,
): Promise<IdentityCredentials> {
  const { GetIdCommand, GetCredentialsForIdentityCommand } = sdk<typeof CognitoIdentity>('identityPool');
  const { GetCallerIdentityCommand } = sdk<typeof Sts>('sts');
  const logins = { [input.providerName]: input.idToken };
  const { IdentityId }: CognitoIdentity.GetIdResponse = await identity.send(
    new GetIdCommand({ IdentityPoolId: input.identityPoolId, Logins: logins }),
  );
  if (!IdentityId) throw new Error('GetId returned no identity id');
  onIdentity(IdentityId);
  const { Credentials: c }: CognitoIdentity.GetCredentialsForIdentityResponse = await identity.send(
    new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }),
  );
  if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken) throw new Error('GetCredentialsForIdentity returned no credentials');
  const credentials = { AccessKeyId: c.AccessKeyId, SecretKey: c.SecretKey, SessionToken: c.SessionToken, Expiration: c.Expiration };
  const { Arn } = await sts(credentials).send(new GetCallerIdentityCommand({}));
  const roleName = /:assumed-role\/([^/]+)\//.exec(Arn ?? '')?.[1];
  if (!roleName) throw new Error('STS did not name an assumed role');
  return { identityId: IdentityId, credentials, roleName };
}

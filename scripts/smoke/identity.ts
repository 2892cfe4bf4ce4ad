import { GetCredentialsForIdentityCommand, GetIdCommand, type Credentials } from '@aws-sdk/client-cognito-identity';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

/** The calls of @aws-sdk/client-cognito-identity that the credential flow makes. */
export interface CognitoIdentityClientLike {
  send(command: GetIdCommand): Promise<{ IdentityId?: string }>;
  send(command: GetCredentialsForIdentityCommand): Promise<{ IdentityId?: string; Credentials?: Credentials }>;
}

/** STS, called with the credentials the identity pool handed out. */
export interface StsClientLike {
  send(command: GetCallerIdentityCommand): Promise<{ Arn?: string }>;
}

export interface IdentityCredentials {
  readonly identityId: string;
  readonly credentials: Required<Pick<Credentials, 'AccessKeyId' | 'SecretKey' | 'SessionToken'>> & { Expiration?: Date };
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
  sts: (credentials: IdentityCredentials['credentials']) => StsClientLike,
  input: { identityPoolId: string; providerName: string; idToken: string },
  onIdentity: (identityId: string) => void = () => undefined,
): Promise<IdentityCredentials> {
  const logins = { [input.providerName]: input.idToken };
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: input.identityPoolId, Logins: logins }));
  if (!IdentityId) throw new Error('GetId returned no identity id');
  onIdentity(IdentityId);
  const { Credentials: c } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  if (!c?.AccessKeyId || !c.SecretKey || !c.SessionToken) throw new Error('GetCredentialsForIdentity returned no credentials');
  const credentials = { AccessKeyId: c.AccessKeyId, SecretKey: c.SecretKey, SessionToken: c.SessionToken, Expiration: c.Expiration };
  const { Arn } = await sts(credentials).send(new GetCallerIdentityCommand({}));
  const roleName = /:assumed-role\/([^/]+)\//.exec(Arn ?? '')?.[1];
  if (!roleName) throw new Error('STS did not name an assumed role');
  return { identityId: IdentityId, credentials, roleName };
}

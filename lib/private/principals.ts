import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The principal that an identity pool's identities assume a role as: Cognito Identity, for this pool only,
 * for authenticated or unauthenticated identities only.
 */
export function identityPoolPrincipal(identityPoolId: string, amr: 'authenticated' | 'unauthenticated'): iam.IPrincipal {
  return new iam.FederatedPrincipal(
    'cognito-identity.amazonaws.com',
    {
      'StringEquals': { 'cognito-identity.amazonaws.com:aud': identityPoolId },
      'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
    },
    'sts:AssumeRoleWithWebIdentity',
  );
}

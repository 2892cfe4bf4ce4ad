// The issuer (`iss`) of a user pool's tokens, in its original or updated form: the one value every consumer (the
// outputs, the front-end config, the authorizers, the smoke check) takes from here.
import { Resource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';

/** Marks pools of this library that use the updated issuer. */
const UPDATED_ISSUER = Symbol.for('cdk-cognito-auth.updatedIssuer');

/** Records that a pool's tokens carry the updated issuer (set by `AuthUserPool`). */
export function markUpdatedIssuer(userPool: cognito.IUserPool): void {
  Object.defineProperty(userPool, UPDATED_ISSUER, { value: true });
}

/**
 * Whether a pool's tokens carry the updated issuer: a pool of this library with `issuer: UPDATED` (or replicas), or an
 * aws-cdk-lib pool whose CfnUserPool has `issuerConfiguration.type` UPDATED. An imported pool is taken to use the
 * original issuer.
 */
export function usesUpdatedIssuer(userPool: cognito.IUserPool): boolean {
  if (UPDATED_ISSUER in userPool) return true;
  const cfn = userPool.node.defaultChild;
  if (cfn instanceof cognito.CfnUserPool && cfn.issuerConfiguration !== undefined) {
    const config = Stack.of(cfn).resolve(cfn.issuerConfiguration);
    return (config?.type ?? config?.Type) === 'UPDATED';
  }
  return false;
}

/**
 * The issuer URL of a user pool's tokens, the one value every consumer (outputs, front-end config, authorizers, smoke
 * check) uses: original, https://cognito-idp.<region>.amazonaws.com/<poolId>; updated,
 * https://issuer-cognito-idp.<primary region>.amazonaws.com/<poolId>, the same in every region that serves the pool.
 */
export function issuerUrl(userPool: cognito.IUserPool): string {
  if (!usesUpdatedIssuer(userPool)) return `https://${userPool.userPoolProviderName}`;
  const region = (userPool as unknown as Resource).env?.region ?? Stack.of(userPool).region;
  // The URL suffix is the partition's (amazonaws.com, or amazonaws.com.cn in China), as in the original form.
  return `https://issuer-cognito-idp.${region}.${Stack.of(userPool).urlSuffix}/${userPool.userPoolId}`;
}

/** The URL of a user pool's JSON Web Key Set. */
export function jwksUrl(userPool: cognito.IUserPool): string {
  return `${issuerUrl(userPool)}/.well-known/jwks.json`;
}

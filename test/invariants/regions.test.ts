import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AuthReplicaRegion, ClientKind, CognitoAuth } from '../../lib';
import { testApp } from '../support/helpers';
import { regionBoundValuesValid } from './regions';
import { templatesOf } from './templates';

const ACCOUNT = '123456789012';

/**
 * A pool in us-east-1 with a replica in eu-west-1 and the replica region's stack, as the multi-Region tests build it:
 * prefix domain, triggers, a web ACL in both regions, the multi-Region key and its replica key.
 */
function replicatedApp(app: App = testApp()) {
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const key = new kms.Key(primary, 'Key', { multiRegion: true, enableKeyRotation: true });
  const auth = new CognitoAuth(primary, 'Auth', {
    mfa: cognito.Mfa.OFF,
    clients: [{ name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] }],
    domain: { prefix: 'example-auth' },
    groups: [{ name: 'member' }],
    triggers: { preTokenGeneration: { claimsFromAttributes: { mail: 'email' } }, postConfirmation: { defaultGroups: ['member'] } },
    replicas: [{ region: 'eu-west-1' }],
    encryptionKey: key,
    firewall: {},
  });
  const secondary = new Stack(app, 'Secondary', { env: { account: ACCOUNT, region: 'eu-west-1' }, crossRegionReferences: true });
  new AuthReplicaRegion(secondary, 'Replica', { auth, firewall: {} });
  new kms.CfnReplicaKey(secondary, 'KeyReplica', {
    primaryKeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-1234abcd12ab34cd56ef1234567890ab`,
    keyPolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] })] }),
  });
  return { app, primary, secondary, auth, templates: () => templatesOf(app, [primary, secondary]) };
}

describe('regionBoundValuesValid: each region-bound value is valid in its region', () => {
  test("holds for a replicated pool and its replica region's stack (the updated issuer, cross-region references and the replica key's primary allowed)", () => {
    const { secondary, auth, templates } = replicatedApp();
    // The updated issuer names the primary region and is served in every region of the pool.
    new CfnOutput(secondary, 'Issuer', { value: `https://issuer-cognito-idp.us-east-1.amazonaws.com/${auth.userPool.userPoolId}` });
    expect(regionBoundValuesValid(templates())).toEqual([]);
  });

  test('reports planted violations: an ARN, a prefix-domain host and an original issuer of the primary in the replica region, and a relying party bound to one region', () => {
    const { secondary, auth, templates } = replicatedApp();
    new iam.Policy(secondary, 'PoolAccess', {
      statements: [new iam.PolicyStatement({ actions: ['cognito-idp:GetUser'], resources: [`arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/us-east-1_AbCdEf123`] })],
    }).attachToRole(new iam.Role(secondary, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    new CfnOutput(secondary, 'SignInHost', { value: 'example-auth.auth.us-east-1.amazoncognito.com' });
    new CfnOutput(secondary, 'OriginalIssuer', { value: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123' });
    // The library refuses a relying party bound to one region with replicas when passkeys are on; planted past it.
    (auth.userPool.node.defaultChild as cognito.CfnUserPool).webAuthnRelyingPartyId = 'example-auth.auth.us-east-1.amazoncognito.com';
    const violations = regionBoundValuesValid(templates());
    expect(violations).toEqual([
      "Primary/AuthUserPool89DB94DB WebAuthnRelyingPartyID 'example-auth.auth.us-east-1.amazoncognito.com' names us-east-1, but the pool also signs users in in eu-west-1",
      expect.stringMatching(/^Secondary \(eu-west-1\) Resources\.PoolAccess\w+\.PolicyDocument names us-east-1: .*arn:aws:cognito-idp:us-east-1:123456789012:userpool\/us-east-1_AbCdEf123/),
      'Secondary (eu-west-1) Outputs.SignInHost.Value names us-east-1: example-auth.auth.us-east-1.amazoncognito.com',
      'Secondary (eu-west-1) Outputs.OriginalIssuer.Value names us-east-1: https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
    ]);
  });

  test('the updated issuer of a region that is not the primary is reported', () => {
    const { secondary, templates } = replicatedApp();
    new CfnOutput(secondary, 'Issuer', { value: 'https://issuer-cognito-idp.ap-southeast-2.amazonaws.com/us-east-1_AbCdEf123' });
    expect(regionBoundValuesValid(templates())).toEqual([
      'Secondary (eu-west-1) Outputs.Issuer.Value names ap-southeast-2: https://issuer-cognito-idp.ap-southeast-2.amazonaws.com/us-east-1_AbCdEf123',
    ]);
  });
});

import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { createExampleApp } from '../../bin/example-app';
import { AuthReplicaRegion, AuthUserPool, CognitoAuth } from '../../lib';
import { testApp } from '../support/helpers';
import { keysAllowTheirServices } from './keys';

const ACCOUNT = '123456789012';

/**
 * A pool in us-east-1 with a multi-Region key and a replica in eu-west-1 whose region exports logs; the key's replica
 * there has the policy `statements(replicaStack)` gives, and is given to AuthReplicaRegion only when `given`.
 */
function replicated(statements: (replicaStack: Stack, primary: Stack) => iam.PolicyStatement[], given: boolean): App {
  const app = testApp();
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const secondary = new Stack(app, 'Secondary', { env: { account: ACCOUNT, region: 'eu-west-1' }, crossRegionReferences: true });
  const key = new kms.Key(primary, 'Key', { multiRegion: true, enableKeyRotation: true });
  const auth = new CognitoAuth(primary, 'Auth', {
    mfa: cognito.Mfa.OFF,
    encryptionKey: key,
    replicas: [{ region: 'eu-west-1' }],
    userActivityLogs: { messageDeliveryErrors: true },
    triggers: { postConfirmation: { defaultGroups: ['member'] }, preTokenGeneration: {} },
    groups: [{ name: 'member' }],
    selfSignUp: true,
  });
  const policy = new iam.PolicyDocument({
    statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] }), ...statements(secondary, primary)],
  });
  const replicaKey = new kms.CfnReplicaKey(secondary, 'KeyReplica', { primaryKeyArn: key.keyArn, keyPolicy: policy });
  const replica = new AuthReplicaRegion(secondary, 'Replica', { auth, userActivityLogs: { messageDeliveryErrors: true }, replicaKey: given ? replicaKey : undefined });
  // What a user does who silences the library's warning: the invariant still sees the key.
  if (!given) Validations.of(replica).acknowledge({ id: 'Annotation::cdk-cognito-auth:replicaKeyUnchecked', reason: 'managed elsewhere' });
  return app;
}

describe('keysAllowTheirServices: each key allows every service that a feature uses it for in its region', () => {
  test('holds when the replica key is given to AuthReplicaRegion (it adds what the region needs)', () => {
    expect(keysAllowTheirServices(replicated((s) => AuthUserPool.keyPolicyStatements(s), true))).toEqual([]);
  });

  test("reports a replica key without the log-delivery statements of a region that exports logs", () => {
    expect(keysAllowTheirServices(replicated((s) => AuthUserPool.keyPolicyStatements(s), false))).toEqual([
      'Secondary/KeyReplica (eu-west-1): cognito-idp.amazonaws.com may not kms:GenerateDataKey, which the log export needs',
      'Secondary/KeyReplica (eu-west-1): cognito-idp.amazonaws.com may not kms:Encrypt, which the log export needs',
      'Secondary/KeyReplica (eu-west-1): delivery.logs.amazonaws.com may not kms:GenerateDataKey, which the log export needs',
      'Secondary/KeyReplica (eu-west-1): delivery.logs.amazonaws.com may not kms:Decrypt, which the log export needs',
    ]);
  });

  test("reports statements written for another region's pools and log deliveries", () => {
    const withLogs = (_s: unknown, primary: Stack) => AuthUserPool.keyPolicyStatements(primary, { userActivityLogs: true });
    const violations = keysAllowTheirServices(replicated(withLogs, false));
    expect(violations).toContain('Secondary/KeyReplica (eu-west-1): cognito-idp.amazonaws.com may not kms:Decrypt, which the user pool needs');
    expect(violations).toContain("Secondary/KeyReplica (eu-west-1): any principal through cognito-idp.eu-west-1.amazonaws.com may not kms:Decrypt, which the principals that call Cognito's admin APIs (the triggers' roles) needs");
    expect(violations).toContain('Secondary/KeyReplica (eu-west-1): delivery.logs.amazonaws.com may not kms:Decrypt, which the log export needs');
  });

  test("reports a pool key without Cognito's 'access through Amazon Cognito' statements (the admin APIs' callers)", () => {
    const app = testApp();
    const stack = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
    // A key written as L1 with Cognito's service statements only, given to the pool by its ARN (so the library warns).
    const services = AuthUserPool.keyPolicyStatements(stack).filter((x) => x.toStatementJson().Principal?.Service);
    const raw = new kms.CfnKey(stack, 'Raw', {
      enableKeyRotation: true,
      keyPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }, ...stack.resolve(services.map((x) => x.toStatementJson()))] },
    });
    const auth = new CognitoAuth(stack, 'Auth', { mfa: cognito.Mfa.OFF, encryptionKey: kms.Key.fromKeyArn(stack, 'Key', raw.attrArn) });
    Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:poolKeyImported', reason: 'the policy is written above' });
    const through = "any principal through cognito-idp.us-east-1.amazonaws.com may not";
    const needs = "which the principals that call Cognito's admin APIs (the triggers' roles) needs";
    expect(keysAllowTheirServices(app)).toEqual(
      ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'].map((a) => `Primary/Raw (us-east-1): ${through} ${a}, ${needs}`),
    );
  });

  test("holds for the bundled functions' log groups encrypted with the pool's key, which gets CloudWatch Logs' statement", () => {
    const app = testApp();
    const stack = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new CognitoAuth(stack, 'Auth', {
      mfa: cognito.Mfa.OFF,
      encryptionKey: key,
      triggers: { preTokenGeneration: {} },
      bundledFunctions: { logGroupEncryptionKey: key },
    });
    expect(keysAllowTheirServices(app)).toEqual([]);
  });

  test('reports a key of the app that encrypts a log group without allowing CloudWatch Logs of its region', () => {
    const app = testApp();
    const stack = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
    new logs.LogGroup(stack, 'Logs', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
    expect(keysAllowTheirServices(app)).toEqual(['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'].map((a) =>
      `Primary/Key/Resource (us-east-1): logs.us-east-1.amazonaws.com may not ${a}, which a log group encrypted with it needs`));
  });

  test('holds for the example app with a replica (-c replicaRegion=eu-west-1), whose replica region exports logs', () => {
    const app = testApp({ stage: 'prod', replicaRegion: 'eu-west-1', nag: false });
    createExampleApp(app);
    expect(keysAllowTheirServices(app)).toEqual([]);
  });
});

import { SecretValue, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuthEventsDestination, AuthReplicaRegion, ClientKind, CognitoAuth, IdentityProvider } from '../../lib';
import { STATEFUL_RESOURCE_TYPES } from '../../lib/upgrade-check/private/stateful-resources';
import { testApp } from '../support/helpers';
import { unwatchedStatefulResources } from '../invariants/stateful';

/**
 * Each stateful resource is watched by the upgrade check (DESIGN §8): an app with every feature that creates state
 * turned on, in the primary region and in the replica's, holds no stateful resource whose type the check's list
 * leaves out. A new stateful resource in lib/ fails here until the list (lib/upgrade-check/private/stateful-resources.ts)
 * names it, with what losing it costs.
 */
describe('the upgrade check watches every stateful resource the library creates', () => {
  const ACCOUNT = '123456789012';
  const app = testApp();
  const primary = new Stack(app, 'Primary', { env: { account: ACCOUNT, region: 'us-east-1' } });
  const secondary = new Stack(app, 'Secondary', { env: { account: ACCOUNT, region: 'eu-west-1' }, crossRegionReferences: true });
  const key = new kms.Key(primary, 'Key', { multiRegion: true, enableKeyRotation: true });
  const sink = new s3.Bucket(secondary, 'Sink');
  const stream = new firehose.DeliveryStream(secondary, 'Stream', { destination: new firehose.S3Bucket(sink) });
  const auth = new CognitoAuth(primary, 'Auth', {
    selfSignUp: true,
    mfa: cognito.Mfa.OFF,
    featurePlan: cognito.FeaturePlan.PLUS,
    customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
    clients: [
      { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] },
      { name: 'svc', kind: ClientKind.SERVER, clientCredentials: true, scopes: [cognito.OAuthScope.custom('orders/read')] },
    ],
    resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read orders' }] }],
    domain: { prefix: 'stateful-check' },
    identityProviders: [IdentityProvider.oidc({ name: 'Okta', clientId: 'o', clientSecret: SecretValue.secretsManager('okta'), issuerUrl: 'https://example.okta.com' })],
    groups: [{ name: 'member' }],
    identityPool: {},
    triggers: {
      preSignUp: { blockedEmailDomains: ['mailinator.com'] },
      postConfirmation: { defaultGroups: ['member'], createProfileTable: true },
      preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id' } },
    },
    userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs() },
    firewall: {},
    monitoring: { createAlarmTopic: true },
    frontendConfig: { ssmParameterName: '/stateful-check/frontend-config' },
    smokeCheck: {},
    replicas: [{ region: 'eu-west-1' }],
    encryptionKey: key,
  });
  // The key's replica in the replica's region: AuthReplicaRegion adds what the replica's features need to its policy.
  const replicaKey = new kms.CfnReplicaKey(secondary, 'KeyReplica', {
    primaryKeyArn: key.keyArn,
    keyPolicy: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ principals: [new iam.AccountRootPrincipal()], actions: ['kms:*'], resources: ['*'] })] }),
  });
  new AuthReplicaRegion(secondary, 'Replica', {
    auth,
    replicaKey,
    firewall: {},
    userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.firehose(stream) },
  });
  const assembly = app.synth();
  const templates = assembly.stacks.map((s) => [s.stackName, s.template] as const);

  test('the app has the stateful resources it is meant to prove: the pool, its replica, the profile table, log groups, the key', () => {
    const types = new Set(templates.flatMap(([, t]) => Object.values<any>(t.Resources).map((r) => r.Type)));
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolReplica', 'AWS::DynamoDB::Table', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::KinesisFirehose::DeliveryStream']) {
      expect(types).toContain(type);
    }
  });

  test.each(['Primary', 'Secondary'])('%s: each stateful resource is of a watched type', (name) => {
    const template = templates.find(([stackName]) => stackName === name)![1];
    expect(unwatchedStatefulResources(template)).toEqual([]);
  });

  test('the list holds the types the library creates or is given', () => {
    expect(STATEFUL_RESOURCE_TYPES).toEqual(
      expect.arrayContaining([
        'AWS::Cognito::UserPool',
        'AWS::Cognito::UserPoolClient',
        'AWS::Cognito::IdentityPool',
        'AWS::Cognito::UserPoolReplica',
        'AWS::DynamoDB::Table',
        'AWS::S3::Bucket',
        'AWS::KMS::Key',
        'AWS::KMS::ReplicaKey',
        'AWS::Logs::LogGroup',
        'AWS::KinesisFirehose::DeliveryStream',
        'AWS::Kinesis::Stream',
      ]),
    );
  });

  test('the invariant fails on a stateful type the list leaves out, and on any resource kept by its policies', () => {
    const template = {
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
        Parameter: { Type: 'AWS::SSM::Parameter', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: { Type: 'String', Value: 'v' } },
        Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
        Table: { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: {} },
      },
    };
    expect(unwatchedStatefulResources(template)).toEqual([
      "Queue (AWS::SQS::Queue: stateful in AWS's resource database)",
      'Parameter (AWS::SSM::Parameter: DeletionPolicy Retain, UpdateReplacePolicy Retain)',
    ]);
  });
});

import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AuthReplicaRegion, CognitoAuth, ICognitoAuth, MessageSource } from '../../lib';
import { evaluate, validatorOn } from '../support/helpers';
import { ACCOUNT, keyReplica, only, replicated, stacks } from '../support/multi-region';

// AuthReplicaRegion: what a pool's replica needs in its own region. The replica itself, the issuer and the keys are in
// test/user-pool/multi-region.test.ts. These templates must pass AWS's CloudFormation validator.
validatorOn();

describe('AuthReplicaRegion refuses at synth', () => {
  const fn = (scope: Stack, id: string) =>
    new lambda.Function(scope, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async(e)=>e') });

  test('a region without a replica, and a stack without a region', () => {
    const { app, auth } = replicated();
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ACCOUNT, region: 'ap-southeast-2' }, crossRegionReferences: true });
    expect(() => new AuthReplicaRegion(elsewhere, 'Replica', { auth })).toThrow(
      "[Elsewhere/Replica] AuthReplicaRegion is in ap-southeast-2, but the pool has no replica there (replicas: eu-west-1): add { region: 'ap-southeast-2' } to the pool's replicas, or put this construct in a stack of the replica's region",
    );
    const agnostic = new Stack(app, 'Agnostic');
    expect(() => new AuthReplicaRegion(agnostic, 'Replica', { auth })).toThrow(
      "[Agnostic/Replica] AuthReplicaRegion needs stacks with explicit regions (env.region), this one 'Agnostic' and the pool's 'Primary': the replica's region is part of its configuration",
    );
  });

  test('auth is taken by its interface (ICognitoAuth); from plain JavaScript, an object without its members is refused', () => {
    const { auth, secondary } = replicated();
    // Only what ICognitoAuth declares is read.
    const reference: ICognitoAuth = {
      node: auth.node,
      with: (...mixins) => auth.with(...mixins),
      authUserPool: auth.authUserPool,
      preTokenGenerationTrigger: auth.preTokenGenerationTrigger,
      triggerFunction: (operation) => auth.triggerFunction(operation),
    };
    const replica = new AuthReplicaRegion(secondary, 'Replica', { auth: reference });
    expect(Object.keys(replica.triggerFunctions)).toEqual(['preTokenGeneration']);
    expect(() => new AuthReplicaRegion(secondary, 'Wrong', { auth: { authUserPool: auth.authUserPool } } as never)).toThrow(
      '[Secondary/Wrong] auth is a plain object: expected an ICognitoAuth (it lacks triggerFunction())',
    );
  });

  test("the pool's own sign-in triggers: each needs a function of the replica region; nothing else is taken", () => {
    const { app, primary, secondary, key } = stacks();
    const auth = new CognitoAuth(primary, 'Auth', {
      mfa: cognito.Mfa.OFF,
      encryptionKey: key,
      replicas: [{ region: 'eu-west-1' }],
      triggers: { preAuthentication: fn(primary, 'PreAuth'), userMigration: fn(primary, 'Migrate') },
    });
    expect(() => new AuthReplicaRegion(secondary, 'A', { auth })).toThrow(
      "[Secondary/A] the pool has a preAuthentication trigger, which Cognito runs in every region that serves sign-ins: give a function of eu-west-1 as functions['preAuthentication']",
    );
    // Not in the typed struct; from JavaScript it can still come.
    expect(() => new AuthReplicaRegion(secondary, 'B', { auth, functions: { preAuthentication: fn(secondary, 'P1'), userMigration: fn(secondary, 'M1') } as never })).toThrow(
      "[Secondary/B] functions has 'userMigration', which is not a trigger a replica runs: give functions for customMessage, preAuthentication, postAuthentication, defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse (pre sign-up, post confirmation and user migration create users, which only the primary does)",
    );
    expect(() => new AuthReplicaRegion(secondary, 'C', { auth, functions: { preAuthentication: fn(secondary, 'P2'), customMessage: fn(secondary, 'CM') } })).toThrow(
      "[Secondary/C] functions has 'customMessage', but the pool has no customMessage trigger: a replica runs the triggers of its pool only",
    );
    const ok = new AuthReplicaRegion(secondary, 'D', { auth, functions: { preAuthentication: fn(secondary, 'P3') }, active: false });
    const t = Template.fromStack(secondary);
    const attachment = Object.values(t.findResources('AWS::Cognito::UserPoolRegionalConfigurationAttachment'))[0].Properties;
    expect(attachment.Status).toBe('INACTIVE');
    expect(attachment.LambdaConfig).toEqual({ PreAuthentication: { 'Fn::GetAtt': [expect.stringMatching(/^P3/), 'Arn'] } });
    expect(Object.keys(ok.triggerFunctions)).toEqual(['preAuthentication']);
    void app;
  });

  test('the bundled custom message trigger: created again in the replica region from the same templates; your own function refused', () => {
    const { primary, secondary, key } = stacks();
    const auth = new CognitoAuth(primary, 'Auth', {
      mfa: cognito.Mfa.OFF,
      encryptionKey: key,
      replicas: [{ region: 'eu-west-1' }],
      triggers: { messages: { templates: [{ source: MessageSource.AUTHENTICATION, sms: 'Code {####}' }] } },
    });
    expect(() => new AuthReplicaRegion(secondary, 'Own', { auth, functions: { customMessage: fn(secondary, 'CM') } })).toThrow(
      "[Secondary/Own] functions has 'customMessage', but the pool's custom message trigger is the bundled one, which this construct creates in " +
        'this region from the same templates: leave functions.customMessage out',
    );
    const replica = new AuthReplicaRegion(secondary, 'Replica', { auth });
    const t = Template.fromStack(secondary);
    const attachment = only(t, 'AWS::Cognito::UserPoolRegionalConfigurationAttachment').Properties;
    expect(attachment.LambdaConfig).toEqual({ CustomMessage: { 'Fn::GetAtt': [expect.stringMatching(/^ReplicaCustomMessageFunction/), 'Arn'] } });
    const [replicaFn] = Object.values(t.findResources('AWS::Lambda::Function', { Properties: { Description: 'Cognito custom message trigger, replica region (cdk-cognito-auth)' } }));
    expect(JSON.parse(replicaFn.Properties.Environment.Variables.TRIGGER_CONFIG)).toEqual({ defaultLocale: 'en', templates: { Authentication: { en: { sms: 'Code {####}' } } } });
    expect(Object.keys(replica.triggerFunctions)).toEqual(['customMessage']);
  });

  test('a custom sender trigger is not wired', () => {
    const { primary, secondary, key } = stacks();
    const auth = new CognitoAuth(primary, 'Auth', {
      mfa: cognito.Mfa.OFF,
      encryptionKey: key,
      customSenderKmsKey: key,
      replicas: [{ region: 'eu-west-1' }],
      triggers: { customEmailSender: fn(primary, 'Sender') },
    });
    expect(() => new AuthReplicaRegion(secondary, 'Replica', { auth })).toThrow(
      "[Secondary/Replica] the pool has a customEmailSender trigger, which AuthReplicaRegion does not wire (it needs the sender's KMS key in this region): write the replica's regional configuration yourself (CfnUserPoolRegionalConfigurationAttachment) instead of AuthReplicaRegion",
    );
  });
});

describe('the replica region\'s web ACL and log export (Cognito sets them per region)', () => {
  test('given: created in the replica region, for the replica; the pool key also serves the primary\'s log export', () => {
    const { primary, secondary, key } = stacks();
    const auth = new CognitoAuth(primary, 'Auth', {
      mfa: cognito.Mfa.OFF,
      encryptionKey: key,
      replicas: [{ region: 'eu-west-1' }],
      firewall: {},
      userActivityLogs: { messageDeliveryErrors: true },
    });
    const replicaKey = keyReplica(secondary, key);
    const replica = new AuthReplicaRegion(secondary, 'Replica', { auth, firewall: { rateLimit: 500 }, userActivityLogs: { messageDeliveryErrors: true }, replicaKey });
    const s = Template.fromStack(secondary);
    const association = only(s, 'AWS::WAFv2::WebACLAssociation').Properties;
    expect(evaluate(association.ResourceArn)).toMatch(new RegExp(`^arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/<Primary:`));
    expect(only(s, 'AWS::WAFv2::WebACL').Properties.Rules[0].Statement.RateBasedStatement.Limit).toBe(500);
    const logs = only(s, 'AWS::Cognito::LogDeliveryConfiguration').Properties;
    expect(evaluate(logs.UserPoolId)).toMatch(/^<Primary:/);
    expect(replica.webAcl).toBeDefined();
    const p = Template.fromStack(primary);
    const logStatements = only(p, 'AWS::KMS::Key').Properties.KeyPolicy.Statement.filter((x: any) => x.Condition?.StringLike?.['kms:EncryptionContext:SourceArn']);
    expect(logStatements.map((x: any) => [x.Principal.Service, x.Action])).toEqual([
      ['cognito-idp.amazonaws.com', ['kms:Encrypt', 'kms:GenerateDataKey']],
      ['delivery.logs.amazonaws.com', ['kms:Decrypt', 'kms:GenerateDataKey']],
    ]);
  });

  test('left out while the primary has them: an active replica warns', () => {
    const { primary, secondary, key } = stacks();
    const auth = new CognitoAuth(primary, 'Auth', { mfa: cognito.Mfa.OFF, encryptionKey: key, replicas: [{ region: 'eu-west-1' }], firewall: {}, userActivityLogs: { messageDeliveryErrors: true } });
    new AuthReplicaRegion(secondary, 'Replica', { auth });
    expect(() => Template.fromStack(secondary)).toThrow(
      /the replica in eu-west-1 serves sign-ins without the web ACL \(firewall\) and the log export \(userActivityLogs\) of the primary[\s\S]*cdk-cognito-auth:replicaRegionalSettings/,
    );
  });
});

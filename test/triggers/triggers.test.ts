import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CognitoAuth, CognitoAuthProps, PreSignUpTrigger, PostConfirmationTrigger, PreTokenGenerationTrigger } from '../../lib';
import { regionalStack, testStack } from '../support/helpers';

const PROPS: CognitoAuthProps = {
  customAttributes: { tenant_id: new cognito.StringAttribute({ mutable: false }) },
  resourceServers: [{ identifier: 'orders', scopes: [{ name: 'read', description: 'Read' }, { name: 'write', description: 'Write' }] }],
  groups: [
    { name: 'admin', precedence: 0, permissions: ['orders:write'], scopes: ['orders/write'] },
    { name: 'member', precedence: 10, permissions: ['orders:read'] },
  ],
  triggers: {
    preSignUp: { allowedEmailDomains: ['Example.com'], linkExternalUsers: true },
    postConfirmation: { defaultGroups: ['member'], createProfileTable: true },
    preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id' }, suppressClaims: ['phone_number'] },
  },
};

const fnByDescription = (template: Template, text: string) => {
  const found = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, r]) => r.Properties.Description?.includes(text));
  expect(found).toHaveLength(1);
  return found[0];
};
const configOf = (fn: any) => fn.Properties.Environment.Variables.TRIGGER_CONFIG;

describe('CognitoAuth with the bundled triggers', () => {
  // GIVEN the props plus a group added later and a trigger of the user's own, synthesized once
  const stack = testStack();
  const own = new lambda.Function(stack, 'OwnMessage', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (e) => e;'),
  });
  const auth = new CognitoAuth(stack, 'Auth', { ...PROPS, triggers: { ...PROPS.triggers, customMessage: own } });
  auth.addGroup({ name: 'auditor', precedence: 5, permissions: ['orders:audit'] });
  const template = Template.fromStack(stack);
  const json = template.toJSON();

  test('the pool names each trigger, pre token generation as a V2_0 event', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: {
        PreSignUp: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthPreSignUpHandlerFunction'), 'Arn'] },
        PostConfirmation: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthPostConfirmationHandlerFunction'), 'Arn'] },
        PreTokenGenerationConfig: {
          LambdaArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthPreTokenGenerationHandlerFunction'), 'Arn'] },
          LambdaVersion: 'V2_0',
        },
        CustomMessage: { 'Fn::GetAtt': [Match.stringLikeRegexp('OwnMessage'), 'Arn'] },
      },
    });
    expect(auth.triggerFunction(cognito.UserPoolOperation.CUSTOM_MESSAGE)).toBe(own);
    expect(auth.triggerFunction(cognito.UserPoolOperation.PRE_SIGN_UP)).toBe(auth.preSignUpTrigger!.function);
    expect(auth.triggerFunction(cognito.UserPoolOperation.USER_MIGRATION)).toBeUndefined();
  });

  test('Cognito may invoke each trigger, from this pool only', () => {
    for (const name of ['PreSignUp', 'PostConfirmation', 'PreTokenGeneration', 'OwnMessage']) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp(name), 'Arn'] },
        SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AuthUserPool'), 'Arn'] },
      });
    }
  });

  test('each bundled function: Node.js 24, arm64, 5 s, JSON logs to its own log group kept 30 days, source maps on', () => {
    for (const text of ['pre sign-up', 'post confirmation', 'pre token generation']) {
      const [, fn] = fnByDescription(template, text);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: 5,
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', LogGroup: { Ref: expect.stringMatching(/HandlerLogs/) } },
      });
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.Code.S3Key).toMatch(/^[0-9a-f]{64}\.zip$/);
    }
    const groups = Object.entries(template.findResources('AWS::Logs::LogGroup')).filter(([id]) => id.includes('HandlerLogs'));
    expect(groups.map(([, g]) => g.Properties.RetentionInDays)).toEqual([30, 30, 30]);
  });

  test('each config is validated and normalised at synth, and carries the groups added later', () => {
    expect(JSON.parse(configOf(fnByDescription(template, 'pre sign-up')[1]))).toEqual({
      allowedDomains: ['example.com'],
      blockedDomains: [],
      autoConfirmDomains: [],
      includeSubdomains: false,
      linkExternalUsers: true,
      linkProviders: ['Google', 'SignInWithApple'],
      assumeVerifiedProviders: [],
      externalProviderNames: [],
      rejectionMessage: 'Sign-up is not allowed for this email address.',
    });
    expect(JSON.parse(configOf(fnByDescription(template, 'pre token generation')[1]))).toEqual({
      claimsFromAttributes: { tenant: 'custom:tenant_id' },
      permissionsClaim: 'permissions',
      groupPermissions: { admin: ['orders:write'], member: ['orders:read'], auditor: ['orders:audit'] },
      groupScopes: { admin: ['orders/write'] },
      suppressClaims: ['phone_number'],
      accessTokenClaims: true,
      maxClaimBytes: 2048,
      defaultGroups: ['member'],
    });
    expect(configOf(fnByDescription(template, 'post confirmation')[1])).toEqual({
      'Fn::Join': ['', ['{"defaultGroups":["member"],"groupsAtSignIn":true,"profileTable":{"tableName":"', { Ref: expect.stringMatching(/Profiles/) }, '","partitionKey":"userId"}}']],
    });
  });

  test('permissions: only the calls each handler makes, on this pool and table, in policies of their own', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const summary = Object.values(policies).map((p) => ({
      roles: p.Properties.Roles.map((r: { Ref: string }) => r.Ref.replace(/[0-9A-F]{8}$/, '')),
      statements: p.Properties.PolicyDocument.Statement,
    }));
    const pool = { 'Fn::GetAtt': [expect.stringMatching(/^AuthUserPool[0-9A-F]{8}$/), 'Arn'] };
    expect(summary).toEqual(
      expect.arrayContaining([
        { roles: ['AuthPreSignUpHandlerRole'], statements: [{ Action: ['cognito-idp:AdminLinkProviderForUser', 'cognito-idp:ListUsers'], Effect: 'Allow', Resource: pool }] },
        { roles: ['AuthPostConfirmationHandlerRole'], statements: [{ Action: 'cognito-idp:AdminAddUserToGroup', Effect: 'Allow', Resource: pool }] },
        {
          roles: ['AuthPostConfirmationHandlerRole'],
          statements: [{ Action: 'dynamodb:PutItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/Profiles/), 'Arn'] } }],
        },
      ]),
    );
    // the pre token generation role may add users to groups on this pool (the default groups), nothing else
    expect(summary.filter((p) => p.roles.some((r: string) => r.includes('PreTokenGeneration')))).toEqual([
      { roles: ['AuthPreTokenGenerationHandlerRole'], statements: [{ Action: 'cognito-idp:AdminAddUserToGroup', Effect: 'Allow', Resource: pool }] },
    ]);
    const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.includes('Handler'));
    for (const [, role] of roles) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toEqual([
        {
          PolicyName: 'logs',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/HandlerLogs/), 'Arn'] } }],
          },
        },
      ]);
    }
  });

  test('no IAM statement anywhere has a wildcard resource', () => {
    const text = JSON.stringify(
      Object.values(json.Resources as Record<string, any>)
        .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::Role')
        .map((r) => [r.Properties.PolicyDocument, r.Properties.Policies]),
    );
    expect(text).not.toMatch(/"Resource":"\*"|"Resource":\["\*"\]/);
  });

  test('no circular dependency: the pool and its triggers synthesize as one stack', () => {
    // A cycle is caught by the CloudFormation validator (F3004), which the example app's tests run over the same
    // three triggers and their pool policies; test/contracts/example.test.ts ('the checks can fail') shows that it fails.
    expect(Object.keys(template.findResources('AWS::Cognito::UserPool'))).toHaveLength(1);
    expect(Object.keys(template.findResources('AWS::Lambda::Function')).length).toBeGreaterThanOrEqual(3);
  });

  test('the profile table: on demand, point-in-time recovery, retained', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'userId', KeyType: 'HASH' }],
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
    });
  });
});



describe("a pool encrypted with a customer managed key: the roles that call Cognito's admin APIs may use the key through Cognito", () => {
  const KEY_ARN = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const VIA = { 'kms:ViaService': 'cognito-idp.eu-west-1.amazonaws.com' };
  const CONTEXT = 'kms:EncryptionContext:aws:cognito-idp:userpool-arn';
  const build = (encrypted: boolean, triggers = PROPS.triggers) => {
    const stack = regionalStack('eu-west-1');
    const encryptionKey = encrypted ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined;
    new CognitoAuth(stack, 'Auth', { ...PROPS, triggers, encryptionKey });
    return Template.fromStack(stack);
  };
  /**
   * What the role gets: the Cognito guide's actions for principals that call Cognito, on this key, through Cognito of
   * the pool's region, for this pool.
   */
  const keyStatements = (key: unknown, pool: unknown) => [
    { Action: 'kms:DescribeKey', Effect: 'Allow', Resource: key, Condition: { StringEquals: VIA } },
    {
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
      Effect: 'Allow',
      Resource: key,
      Condition: { StringEquals: VIA, StringLike: { [CONTEXT]: pool } },
    },
  ];

  test('pre sign-up (linking), post confirmation and pre token generation (default groups) may use it, in the policy that names the pool', () => {
    const t = build(true);
    const [keyId] = Object.keys(t.findResources('AWS::KMS::Key'));
    const [poolId] = Object.keys(t.findResources('AWS::Cognito::UserPool'));
    for (const role of ['AuthPreSignUpHandlerRole', 'AuthPostConfirmationHandlerRole', 'AuthPreTokenGenerationHandlerRole']) {
      t.hasResourceProperties('AWS::IAM::Policy', {
        PolicyName: Match.stringLikeRegexp('HandlerPoolPolicy'),
        Roles: [{ Ref: Match.stringLikeRegexp(`^${role}`) }],
        PolicyDocument: { Statement: Match.arrayWith(keyStatements({ 'Fn::GetAtt': [keyId, 'Arn'] }, { 'Fn::GetAtt': [poolId, 'Arn'] })) },
      });
    }
  });

  test("the key's policy has Cognito's documented 'access through Amazon Cognito' statements, for this account and the pool's region", () => {
    const through = { ...VIA, 'kms:CallerAccount': '123456789012' };
    build(true).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:DescribeKey', Resource: '*', Condition: { StringEquals: through } },
          {
            Effect: 'Allow',
            Principal: { AWS: '*' },
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncrypt*'],
            Resource: '*',
            Condition: { StringEquals: through, StringLike: { [CONTEXT]: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/*' } },
          },
        ]),
      },
    });
  });

  test('without encryptionKey, or for roles that call no admin API, no KMS permission at all', () => {
    const kmsIn = (t: Template) => JSON.stringify([t.findResources('AWS::IAM::Policy'), t.findResources('AWS::IAM::Role')]).includes('kms:');
    expect(kmsIn(build(false))).toBe(false);
    expect(kmsIn(build(true, { preSignUp: { allowedEmailDomains: ['example.com'] }, preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant_id' } } }))).toBe(false);
  });

  test("a standalone trigger reads the key from the pool's L1; a key set after the trigger is an error at synth", () => {
    const stack = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(stack, 'Pool');
    (pool.node.defaultChild as cognito.CfnUserPool).keyConfiguration = { keyType: 'CUSTOMER_MANAGED_KEY', kmsKeyArn: KEY_ARN };
    new PostConfirmationTrigger(stack, 'Post', { userPool: pool, defaultGroups: ['member'] });
    const [poolId] = Object.keys(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'));
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', { PolicyDocument: { Statement: Match.arrayWith(keyStatements(KEY_ARN, { 'Fn::GetAtt': [poolId, 'Arn'] })) } });

    const late = regionalStack('eu-west-1');
    const latePool = new cognito.UserPool(late, 'Pool');
    new PostConfirmationTrigger(late, 'Post', { userPool: latePool, defaultGroups: ['member'] });
    (latePool.node.defaultChild as cognito.CfnUserPool).keyConfiguration = { keyType: 'CUSTOMER_MANAGED_KEY', kmsKeyArn: KEY_ARN };
    expect(() => Template.fromStack(late)).toThrow(
      "[Test/Post/Handler] the pool 'Test/Pool' got its customer managed key after this function was given its permissions: set the pool's key configuration before adding the trigger, so that its role may use the key through Cognito",
    );
  });
});

describe('standalone triggers', () => {
  test('each takes the pool as a cognito.IUserPool, and refuses a pool that is not a cognito.UserPool of this app', () => {
    // GIVEN an imported pool, which has no addTrigger (Cognito's LambdaConfig is written by the pool's own L2)
    const stack = testStack();
    const imported = cognito.UserPool.fromUserPoolId(stack, 'Imported', 'eu-west-1_abc123');
    const message = "userPool 'Test/Imported' is not a cognito.UserPool of this app (an imported pool, for example): a trigger is attached with UserPool.addTrigger, which writes the pool's LambdaConfig, so only a pool defined in this app can take it; create the trigger in the app that defines the pool";
    // THEN each trigger names the prop and why, before it creates anything
    expect(() => new PreSignUpTrigger(stack, 'Pre', { userPool: imported })).toThrow(`[Test/Pre] ${message}`);
    expect(() => new PostConfirmationTrigger(stack, 'Post', { userPool: imported })).toThrow(`[Test/Post] ${message}`);
    expect(() => new PreTokenGenerationTrigger(stack, 'Token', { userPool: imported })).toThrow(`[Test/Token] ${message}`);
    expect(stack.node.findAll().filter((c) => c.node.id === 'Handler')).toEqual([]);
    // AND a pool of this app, typed as its interface, is taken
    const pool: cognito.IUserPool = new cognito.UserPool(stack, 'Pool');
    new PreTokenGenerationTrigger(stack, 'Ok', { userPool: pool });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0' } } });
  });

  test('pre sign-up without linking has no pool permission; post confirmation with a given table', () => {
    const stack = testStack();
    const userPool = new cognito.UserPool(stack, 'Pool');
    new PreSignUpTrigger(stack, 'Pre', { userPool, blockedEmailDomains: ['spam.test'] });
    const table = new (require('aws-cdk-lib/aws-dynamodb').Table)(stack, 'T', { partitionKey: { name: 'pk', type: 'S' } });
    new PostConfirmationTrigger(stack, 'Post', { userPool, profileTable: table, profileTablePartitionKey: 'pk' });
    const template = Template.fromStack(stack);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument.Statement[0].Action);
    expect(policies).toEqual(['dynamodb:PutItem']);
  });

  test('on the Lite plan the pre token trigger gets V1_0 events', () => {
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', { featurePlan: cognito.FeaturePlan.LITE, triggers: { preTokenGeneration: {} } });
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::UserPool', {
      LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V1_0' } },
    });
  });
});

describe('trigger validation', () => {
  const build = (props: CognitoAuthProps) => Template.fromStack((() => { const s = testStack(); new CognitoAuth(s, 'Auth', props); return s; })());

  test('a reserved claim', () => {
    expect(() => build({ triggers: { preTokenGeneration: { claimsFromAttributes: { sub: 'email' } } } })).toThrow(
      "triggers.preTokenGeneration.claimsFromAttributes key 'sub' is a claim Cognito does not let a trigger add, change or suppress; reserved: acr, amr, at_hash, auth_time, aud, azp, c_hash, client_id, cognito:username, event_id, exp, iat, identities, iss, jti, nbf, nonce, origin_jti, scope, sub, token_use, username, version",
    );
    expect(() => build({ triggers: { preTokenGeneration: { suppressClaims: ['aud'] } } })).toThrow(
      "triggers.preTokenGeneration.suppressClaims[0] 'aud' is a claim Cognito does not let a trigger add, change or suppress",
    );
    expect(() => build({ triggers: { preTokenGeneration: { permissionsClaim: 'scope' } } })).toThrow(
      "triggers.preTokenGeneration.permissionsClaim 'scope' is a claim Cognito does not let a trigger add, change or suppress",
    );
  });

  test('an attribute that does not exist', () => {
    expect(() => build({ triggers: { preTokenGeneration: { claimsFromAttributes: { tenant: 'custom:tenant' } } } })).toThrow(
      "triggers.preTokenGeneration.claimsFromAttributes['tenant'] 'custom:tenant' is not a custom attribute of this user pool; declared: (none)",
    );
    expect(() => build({ triggers: { preTokenGeneration: { claimsFromAttributes: { x: 'favourite_colour' } } } })).toThrow(
      "triggers.preTokenGeneration.claimsFromAttributes['x'] 'favourite_colour' is not a user attribute: use a standard attribute (like email) or custom:<name>",
    );
  });

  test('the permissions claim also set from an attribute', () => {
    expect(() => build({ triggers: { preTokenGeneration: { claimsFromAttributes: { permissions: 'email' } } } })).toThrow(
      "triggers.preTokenGeneration.permissionsClaim 'permissions' is also a key of claimsFromAttributes",
    );
  });

  test('V2 events on the Lite plan; a bad size budget', () => {
    const v2 = { preTokenGeneration: { eventVersion: cognito.LambdaVersion.V2_0 } };
    expect(() => build({ featurePlan: cognito.FeaturePlan.LITE, triggers: v2 })).toThrow(
      "triggers.preTokenGeneration.eventVersion 'V2_0' needs featurePlan ESSENTIALS or PLUS, but featurePlan is 'LITE'",
    );
    expect(() => build({ triggers: { preTokenGeneration: { maxClaimBytes: 0 } } })).toThrow(
      'triggers.preTokenGeneration.maxClaimBytes 0 is invalid: give a whole number of bytes, at least 2',
    );
  });

  test('a default group that does not exist (checked at synth, after every addGroup)', () => {
    expect(() => build({ groups: [{ name: 'member' }], triggers: { postConfirmation: { defaultGroups: ['members'] }, preTokenGeneration: {} } })).toThrow(
      "triggers.postConfirmation.defaultGroups has 'members', which is not a group of this pool; groups: member",
    );
  });

  test('bad email domains', () => {
    expect(() => build({ triggers: { preSignUp: { allowedEmailDomains: ['@example.com'] } } })).toThrow(
      "triggers.preSignUp.allowedEmailDomains[0] '@example.com' is not a domain name: give a lowercase domain like example.com, without '@'",
    );
    expect(() => build({ triggers: { preSignUp: { allowedEmailDomains: ['example.com'], blockedEmailDomains: ['EXAMPLE.com'] } } })).toThrow(
      "triggers.preSignUp: 'example.com' is both allowed and blocked",
    );
    expect(() => build({ triggers: { preSignUp: { allowedEmailDomains: ['example.com'], autoConfirmEmailDomains: ['other.com'] } } })).toThrow(
      "triggers.preSignUp.autoConfirmEmailDomains has 'other.com', which may not sign up: allow it or remove it",
    );
  });

  test('auto-confirmation next to account linking: an address verified without proof would let its first holder receive the owner\'s federated sign-ins', () => {
    expect(() => build({ triggers: { preSignUp: { autoConfirmEmailDomains: ['example.com'], linkExternalUsers: true } } })).toThrow(
      "triggers.preSignUp.autoConfirmEmailDomains has 'example.com' while linkExternalUsers is on: auto-confirmation marks an address verified without proof that the user owns the mailbox, and linking trusts verified addresses, so whoever signs up first as someone@example.com would receive that person's federated sign-ins; turn one of them off",
    );
    expect(() => build({ triggers: { preSignUp: { autoConfirmEmailDomains: ['example.com'] } } })).not.toThrow();
    expect(() => build({ triggers: { preSignUp: { linkExternalUsers: true } } })).not.toThrow();
  });

  test('default groups that would reach no one: post confirmation never runs for admin-created users, and self sign-up is off', () => {
    expect(() => build({ groups: [{ name: 'member' }], triggers: { postConfirmation: { defaultGroups: ['member'] } } })).toThrow(
      'triggers.postConfirmation.defaultGroups is set, but selfSignUp is false: Cognito runs post confirmation only for users who sign themselves up, never for users created with AdminCreateUser, so no user would join them; also set triggers.preTokenGeneration (which adds missing default groups at each sign-in), or turn on selfSignUp',
    );
  });

  test('default groups with self sign-up but no pre token generation trigger: a warning, which fails a strict synth until acknowledged', () => {
    const props: CognitoAuthProps = { selfSignUp: true, groups: [{ name: 'member' }], triggers: { postConfirmation: { defaultGroups: ['member'] } } };
    const stack = testStack();
    new CognitoAuth(stack, 'Auth', props);
    expect(() => Template.fromStack(stack)).toThrow(
      /WARNING triggers\.postConfirmation\.defaultGroups reaches only users who sign themselves up: users created with AdminCreateUser never run post confirmation\. Set triggers\.preTokenGeneration so that they join at their first sign-in, or acknowledge this warning\.[\s\S]*Acknowledge with 'Annotation::cdk-cognito-auth:defaultGroupsSignUpOnly'/,
    );
    const acknowledged = testStack();
    const auth = new CognitoAuth(acknowledged, 'Auth', props);
    Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:defaultGroupsSignUpOnly', reason: 'every user signs up; no administrator creates users' });
    expect(() => Template.fromStack(acknowledged)).not.toThrow();
  });

  test('with the pre token generation trigger, default groups also hold for admin-created users: its config has them, its role may add members', () => {
    const t = build({ groups: [{ name: 'member' }], triggers: { postConfirmation: { defaultGroups: ['member'] }, preTokenGeneration: {} } });
    expect(JSON.parse(configOf(fnByDescription(t, 'pre token generation')[1])).defaultGroups).toEqual(['member']);
    expect(JSON.parse(configOf(fnByDescription(t, 'post confirmation')[1])).groupsAtSignIn).toBe(true);
  });

  test('a profile table both given and created', () => {
    const stack = testStack();
    const table = new (require('aws-cdk-lib/aws-dynamodb').Table)(stack, 'T', { partitionKey: { name: 'pk', type: 'S' } });
    expect(() => new CognitoAuth(stack, 'Auth', { triggers: { postConfirmation: { profileTable: table, createProfileTable: true } } })).toThrow(
      'triggers.postConfirmation: give profileTable or createProfileTable, not both',
    );
  });

  test('a group scope of no resource server', () => {
    expect(() => build({ groups: [{ name: 'admin', scopes: ['orders/delete'] }] })).toThrow(
      "groups['admin'].scopes[0] 'orders/delete' is not a scope of any resource server; declared: (none)",
    );
  });

  test('a config over Lambda\'s 4 KB environment limit', () => {
    const many = Array.from({ length: 300 }, (_, i) => `domain-${i}.example`);
    expect(() => build({ triggers: { preSignUp: { blockedEmailDomains: many } } })).toThrow(
      /triggers\.preSignUp makes a \d{4,}-byte environment: Lambda allows at most 4096 bytes of environment variables/,
    );
  });
});

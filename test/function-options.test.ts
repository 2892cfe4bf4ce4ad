import { App, Stack, Token, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { BundledFunctionOptions, CognitoAuth, CognitoAuthProps, JwtAuthorizerFunction, PreSignUpTrigger } from '../lib';
import type { FunctionSettings } from '../lib/private/function-settings';
import { testApp } from './support/helpers';
import { synthReport } from './support/nag';

// The settings every bundled function takes (lib/function-options.ts): a key for its log group, tracing, reserved
// concurrency and a VPC, on one trigger or for all of them (`bundledFunctions`).

// lib/private imports nothing outside itself, so it sees BundledFunctionOptions by its shape (FunctionSettings): the
// type-check holds the two to the same keys and types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SAME_KEYS: Same<keyof BundledFunctionOptions, keyof FunctionSettings> = true;
export const asSettings = (options: BundledFunctionOptions): FunctionSettings => options;
export const asOptions = (settings: FunctionSettings): BundledFunctionOptions => settings;

const ENV = { account: '123456789012', region: 'eu-west-1' };
const stackIn = (app: App = testApp()) => new Stack(app, 'Test', { env: ENV });

/** The texts of the library's warnings `cdk-cognito-auth:<id>` at synth (which they stop, unacknowledged), in tree order. */
function warningsOf(stack: Stack, id: string): string[] {
  return synthReport(stack.node.root as App).filter((f) => f.rule === `Annotation::cdk-cognito-auth:${id}`).map((f) => f.description);
}

/** A pool with the three triggers (pre token generation with default groups), and a JWT authorizer. */
function auth(stack: Stack, props: Partial<CognitoAuthProps> = {}, authorizer: BundledFunctionOptions = {}): CognitoAuth {
  const a = new CognitoAuth(stack, 'Auth', {
    groups: [{ name: 'member' }],
    clients: [{ name: 'web', kind: 'PUBLIC_WEB' as any }],
    ...props,
    triggers: {
      preSignUp: {},
      postConfirmation: { defaultGroups: ['member'] },
      preTokenGeneration: {},
      ...props.triggers,
    },
  });
  a.jwtAuthorizer('Admins', authorizer);
  return a;
}

const functions = (t: Template) => t.findResources('AWS::Lambda::Function');
const fn = (t: Template, prefix: string) => Object.entries(functions(t)).find(([id]) => id.startsWith(prefix))![1];
const role = (t: Template, prefix: string) => Object.entries(t.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith(prefix))![1];
const policyNames = (t: Template, prefix: string) => role(t, prefix).Properties.Policies.map((p: { PolicyName: string }) => p.PolicyName);

/** A VPC of this app: two private subnets with a NAT gateway, two isolated ones, two public ones. */
function vpcIn(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

describe('defaults: none of the settings', () => {
  const t = Template.fromStack(auth(stackIn()).node.scope as Stack);

  test('no key on the log groups, no tracing, no reservation, no VPC, only the logs policy inline', () => {
    for (const f of Object.values(functions(t))) {
      expect(f.Properties.TracingConfig).toBeUndefined();
      expect(f.Properties.ReservedConcurrentExecutions).toBeUndefined();
      expect(f.Properties.VpcConfig).toBeUndefined();
    }
    for (const g of Object.values(t.findResources('AWS::Logs::LogGroup'))) expect(g.Properties.KmsKeyId).toBeUndefined();
    expect(policyNames(t, 'AuthPreSignUpHandlerRole')).toEqual(['logs']);
    t.resourceCountIs('AWS::EC2::SecurityGroup', 0);
  });
});

describe('bundledFunctions: one setting for every bundled function, a trigger\'s own winning', () => {
  const stack = stackIn();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  auth(stack, {
    bundledFunctions: { logGroupEncryptionKey: key, tracing: lambda.Tracing.ACTIVE, reservedConcurrentExecutions: 20 },
    triggers: { preTokenGeneration: { reservedConcurrentExecutions: 50, tracing: lambda.Tracing.PASS_THROUGH } },
  }, { reservedConcurrentExecutions: 40 });
  const t = Template.fromStack(stack);

  test.each([
    ['AuthPreSignUpHandler', 20, 'Active'],
    ['AuthPostConfirmationHandler', 20, 'Active'],
    ['AuthPreTokenGenerationHandler', 50, 'PassThrough'],
    ['AuthAdminsHandler', 40, 'Active'],
  ])('%s: reserves %d, traces %s, logs encrypted with the key', (prefix, reserved, mode) => {
    const f = fn(t, `${prefix}Function`);
    expect(f.Properties.ReservedConcurrentExecutions).toBe(reserved);
    expect(f.Properties.TracingConfig).toEqual({ Mode: mode });
    const [, group] = Object.entries(t.findResources('AWS::Logs::LogGroup')).find(([id]) => id.startsWith(`${prefix}Logs`))!;
    expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching('^Key'), 'Arn'] });
  });

  test("tracing: X-Ray's two actions in an inline policy of the role's own, on every resource (they take none); no default policy", () => {
    const tracing = role(t, 'AuthPreSignUpHandlerRole').Properties.Policies.find((p: { PolicyName: string }) => p.PolicyName === 'tracing');
    expect(tracing.PolicyDocument.Statement).toEqual([{ Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], Effect: 'Allow', Resource: '*' }]);
    expect(Object.keys(t.findResources('AWS::IAM::Policy')).filter((id) => id.includes('DefaultPolicy'))).toEqual([]);
  });

  test("the key lets CloudWatch Logs of the region use it for this account's log groups (once, for every function)", () => {
    const [keyResource] = Object.values(t.findResources('AWS::KMS::Key'));
    const logsStatements = keyResource.Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service === 'logs.eu-west-1.amazonaws.com');
    expect(logsStatements).toEqual([
      {
        Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:123456789012:log-group:*' } },
        Effect: 'Allow',
        Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
        Resource: '*',
      },
    ]);
  });

  test('Tracing.DISABLED: no tracing config and no X-Ray permission', () => {
    const s = stackIn();
    new PreSignUpTrigger(s, 'Trigger', { userPool: new cognito.UserPool(s, 'Pool'), tracing: lambda.Tracing.DISABLED });
    const tt = Template.fromStack(s);
    expect(fn(tt, 'TriggerHandlerFunction').Properties.TracingConfig).toBeUndefined();
    expect(policyNames(tt, 'TriggerHandlerRole')).toEqual(['logs']);
  });
});

describe('a VPC', () => {
  const stack = stackIn();
  const vpc = vpcIn(stack);
  const group = new ec2.SecurityGroup(stack, 'Egress', { vpc, allowAllOutbound: true });
  const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  auth(stack, { bundledFunctions: { vpc }, triggers: { preSignUp: { vpc, vpcSubnets: isolated, securityGroups: [group] } } });
  const t = Template.fromStack(stack);

  test('each function in its subnets, with its security groups; no managed policy', () => {
    const config = (prefix: string) => fn(t, prefix).Properties.VpcConfig;
    expect(config('AuthPreSignUpHandlerFunction')).toEqual({
      SecurityGroupIds: [{ 'Fn::GetAtt': [expect.stringMatching('^Egress'), 'GroupId'] }],
      SubnetIds: [{ Ref: expect.stringMatching('^VpcisolatedSubnet1') }, { Ref: expect.stringMatching('^VpcisolatedSubnet2') }],
    });
    expect(config('AuthPostConfirmationHandlerFunction').SubnetIds).toEqual([
      { Ref: expect.stringMatching('^VpcprivateSubnet1') }, { Ref: expect.stringMatching('^VpcprivateSubnet2') },
    ]);
    for (const r of Object.values(t.findResources('AWS::IAM::Role'))) expect(r.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test("the role's inline vpc policy: Describe on every resource, network interfaces only in its subnets with its security groups", () => {
    const vpcPolicy = role(t, 'AuthPreSignUpHandlerRole').Properties.Policies.find((p: { PolicyName: string }) => p.PolicyName === 'vpc');
    const subnet = (n: number) => ({ 'Fn::Join': ['', ['arn:aws:ec2:eu-west-1:*:subnet/', { Ref: expect.stringMatching(`^VpcisolatedSubnet${n}`) }]] });
    expect(vpcPolicy.PolicyDocument.Statement).toEqual([
      { Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], Effect: 'Allow', Resource: '*' },
      {
        Action: 'ec2:CreateNetworkInterface',
        Effect: 'Allow',
        Resource: [
          'arn:aws:ec2:eu-west-1:123456789012:network-interface/*',
          { 'Fn::Join': ['', ['arn:aws:ec2:eu-west-1:*:security-group/', { 'Fn::GetAtt': [expect.stringMatching('^Egress'), 'GroupId'] }]] },
          subnet(1),
          subnet(2),
        ],
      },
      {
        Action: ['ec2:AssignPrivateIpAddresses', 'ec2:DeleteNetworkInterface', 'ec2:UnassignPrivateIpAddresses'],
        Effect: 'Allow',
        Resource: 'arn:aws:ec2:eu-west-1:123456789012:network-interface/*',
      },
    ]);
  });

  test('without its own security groups, a function gets the one aws-cdk-lib makes, and its role names it', () => {
    t.resourceCountIs('AWS::EC2::SecurityGroup', 1 + 3);
    const create = role(t, 'AuthPostConfirmationHandlerRole').Properties.Policies.find((p: { PolicyName: string }) => p.PolicyName === 'vpc')
      .PolicyDocument.Statement[1].Resource;
    expect(JSON.stringify(create)).toContain('AuthPostConfirmationHandlerFunctionSecurityGroup');
  });
});

describe('network reach from isolated subnets (cdk-cognito-auth:functionNetworkReach)', () => {
  const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
  const warnings = (stack: Stack) => warningsOf(stack, 'functionNetworkReach');

  test("a pool with a domain: Cognito takes no request through a VPC endpoint, so the functions that call it can't reach it", () => {
    const stack = stackIn();
    const vpc = vpcIn(stack);
    vpc.addInterfaceEndpoint('Cognito', { service: ec2.InterfaceVpcEndpointAwsService.COGNITO_IDP });
    auth(stack, { domain: { prefix: 'reach-example' }, bundledFunctions: { vpc, vpcSubnets: isolated } });
    // Post confirmation and pre token generation join default groups, the authorizer fetches the signing keys; pre sign-up calls nothing.
    expect(warnings(stack)).toEqual(['PostConfirmation', 'PreTokenGeneration', 'Admins'].map((f) =>
      `the function 'Test/Auth/${f}/Handler/Function' runs in isolated subnets of 'Test/Vpc' (no NAT gateway) and calls Cognito ` +
        '(cognito-idp), which takes no request through a VPC endpoint for a user pool with a domain: select subnets with a NAT gateway ' +
        '(SubnetType.PRIVATE_WITH_EGRESS), or add the VPC endpoints it needs, then acknowledge this warning if another route serves it.'));
  });

  test('no endpoint for a service a function calls; an endpoint added after the functions counts', () => {
    const stack = stackIn();
    const vpc = vpcIn(stack);
    auth(stack, {
      bundledFunctions: { vpc, vpcSubnets: isolated },
      triggers: { postConfirmation: { defaultGroups: ['member'], createProfileTable: true } },
    });
    vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    expect(warnings(stack)).toEqual([
      "the function 'Test/Auth/PostConfirmation/Handler/Function' runs in isolated subnets of 'Test/Vpc' (no NAT gateway) and calls Cognito " +
        '(cognito-idp), and the VPC has no endpoint for it: select subnets with a NAT gateway (SubnetType.PRIVATE_WITH_EGRESS), or add the VPC ' +
        'endpoints it needs, then acknowledge this warning if another route serves it.',
      "the function 'Test/Auth/PreTokenGeneration/Handler/Function' runs in isolated subnets of 'Test/Vpc' (no NAT gateway) and calls Cognito " +
        '(cognito-idp), and the VPC has no endpoint for it: select subnets with a NAT gateway (SubnetType.PRIVATE_WITH_EGRESS), or add the VPC ' +
        'endpoints it needs, then acknowledge this warning if another route serves it.',
      "the function 'Test/Auth/Admins/Handler/Function' runs in isolated subnets of 'Test/Vpc' (no NAT gateway) and calls Cognito " +
        '(cognito-idp), and the VPC has no endpoint for it: select subnets with a NAT gateway (SubnetType.PRIVATE_WITH_EGRESS), or add the VPC ' +
        'endpoints it needs, then acknowledge this warning if another route serves it.',
    ]);
  });

  test('nothing to say: subnets with a NAT gateway, endpoints for every service, or a function that calls nothing', () => {
    const stack = stackIn();
    const vpc = vpcIn(stack);
    vpc.addInterfaceEndpoint('Cognito', { service: ec2.InterfaceVpcEndpointAwsService.COGNITO_IDP });
    auth(stack, { bundledFunctions: { vpc, vpcSubnets: isolated } });
    const other = stackIn();
    auth(other, { bundledFunctions: { vpc: vpcIn(other) } });
    expect([...warnings(stack), ...warnings(other)]).toEqual([]);
  });
});

describe('reserved concurrency against the account quota (cdk-cognito-auth:reservedConcurrencyQuota)', () => {
  const warnings = (stack: Stack) => warningsOf(stack, 'reservedConcurrencyQuota');

  test('a stack whose bundled functions reserve more than the default quota leaves is warned about, once', () => {
    const stack = stackIn();
    auth(stack, { bundledFunctions: { reservedConcurrentExecutions: 300 } }, { reservedConcurrentExecutions: 1 });
    expect(warnings(stack)).toEqual([
      "the bundled functions of stack 'Test' reserve 901 concurrent executions ('Test/Auth/PreSignUp/Handler/Function' 300, " +
        "'Test/Auth/PostConfirmation/Handler/Function' 300, 'Test/Auth/PreTokenGeneration/Handler/Function' 300, 'Test/Auth/Admins/Handler/Function' 1): " +
        "Lambda keeps 100 of an account's concurrency unreserved in each region, so the account needs a concurrency quota of at least 1001 in " +
        'eu-west-1 (the default is 1,000; new accounts may have less), or the deploy fails. Check "Concurrent executions" in Service Quotas, then ' +
        'acknowledge this warning.',
    ]);
  });

  test('900 in all fits: no warning; the warning can be acknowledged', () => {
    const stack = stackIn();
    auth(stack, { bundledFunctions: { reservedConcurrentExecutions: 225 } });
    expect(warnings(stack)).toEqual([]);
    const over = stackIn();
    const a = auth(over, { bundledFunctions: { reservedConcurrentExecutions: 500 } });
    Validations.of(a).acknowledge({ id: 'Annotation::cdk-cognito-auth:reservedConcurrencyQuota', reason: 'the account quota is 5,000' });
    expect(warnings(over)).toEqual([]);
  });
});

describe('checks, with exact messages', () => {
  const pool = (stack: Stack) => new cognito.UserPool(stack, 'Pool');
  const trigger = (settings: BundledFunctionOptions, stack = stackIn()) => () =>
    new PreSignUpTrigger(stack, 'Trigger', { userPool: pool(stack), ...settings });

  test.each([0, -1, 1.5])('reservedConcurrentExecutions %d', (n) => {
    expect(trigger({ reservedConcurrentExecutions: n })).toThrow(
      `[Test/Trigger/Handler] triggers.preSignUp.reservedConcurrentExecutions ${n} is invalid: give a whole number from 1 to the region's ` +
        'concurrency quota less the 100 Lambda keeps unreserved (900 with the default quota); a function that reserves 0 is throttled at every ' +
        'invocation, so every request it serves fails',
    );
  });

  test('reservedConcurrentExecutions 1 and a token pass', () => {
    expect(trigger({ reservedConcurrentExecutions: 1 })).not.toThrow();
    expect(trigger({ reservedConcurrentExecutions: Token.asNumber({ Ref: 'Reserved' }) })).not.toThrow();
  });

  test('tracing that is not a value of lambda.Tracing (plain JavaScript)', () => {
    expect(trigger({ tracing: 'ACTIVE' as lambda.Tracing })).toThrow(
      "[Test/Trigger/Handler] triggers.preSignUp.tracing is 'ACTIVE': allowed values are Tracing.ACTIVE ('Active'), Tracing.PASS_THROUGH " +
        "('PassThrough'), Tracing.DISABLED ('Disabled')",
    );
  });

  test('subnets or security groups without a VPC', () => {
    expect(trigger({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })).toThrow(
      '[Test/Trigger/Handler] triggers.preSignUp.vpcSubnets is set, but triggers.preSignUp.vpc is not: give the VPC too',
    );
    const stack = stackIn();
    const other = vpcIn(stack);
    expect(trigger({ securityGroups: [new ec2.SecurityGroup(stack, 'Group', { vpc: other })] }, stack)).toThrow(
      '[Test/Trigger/Handler] triggers.preSignUp.securityGroups is set, but triggers.preSignUp.vpc is not: give the VPC too',
    );
  });

  test('public subnets', () => {
    const stack = stackIn();
    const vpc = vpcIn(stack);
    expect(trigger({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, stack)).toThrow(
      "[Test/Trigger/Handler] triggers.preSignUp.vpcSubnets selects public subnets of 'Test/Vpc': a function there gets no public address, so it " +
        'reaches nothing outside the VPC; choose private subnets (with a NAT gateway) or isolated ones (with VPC endpoints)',
    );
  });

  test('a log key in another region, an alias, an asymmetric key', () => {
    const app = testApp();
    const stack = stackIn(app);
    const elsewhere = new kms.Key(new Stack(app, 'Elsewhere', { env: { ...ENV, region: 'us-east-1' } }), 'Key');
    expect(trigger({ logGroupEncryptionKey: elsewhere }, stack)).toThrow(
      "[Test/Trigger/Handler] triggers.preSignUp.logGroupEncryptionKey 'Elsewhere/Key' is in us-east-1, but the function is in eu-west-1: " +
        "CloudWatch Logs takes a key of the log group's region",
    );
    const s2 = stackIn();
    const alias = new kms.Key(s2, 'Key').addAlias('alias/logs');
    expect(trigger({ logGroupEncryptionKey: alias }, s2)).toThrow(
      "[Test/Trigger/Handler] triggers.preSignUp.logGroupEncryptionKey 'Test/Key/Alias' is an alias: CloudWatch Logs takes a key ARN, not an " +
        'alias; give the key itself',
    );
    const s3 = stackIn();
    const signing = new kms.Key(s3, 'Signing', { keySpec: kms.KeySpec.ECC_NIST_P256, keyUsage: kms.KeyUsage.SIGN_VERIFY });
    expect(trigger({ logGroupEncryptionKey: signing }, s3)).toThrow(
      "[Test/Trigger/Handler] triggers.preSignUp.logGroupEncryptionKey 'Test/Signing' is a ECC_NIST_P256 key for SIGN_VERIFY: CloudWatch Logs " +
        'takes symmetric encryption keys only (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)',
    );
  });

  test('an imported log key: a warning that names the statement its policy must hold', () => {
    const stack = stackIn();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    trigger({ logGroupEncryptionKey: key }, stack)();
    expect(warningsOf(stack, 'logsKeyImported')).toEqual([
      "triggers.preSignUp.logGroupEncryptionKey 'Test/Imported' is imported, so this app cannot add to its key policy, which must allow " +
        'CloudWatch Logs in eu-west-1: (1) logs.eu-west-1.amazonaws.com: kms:Encrypt, kms:Decrypt, kms:ReEncryptFrom, kms:ReEncryptTo, ' +
        'kms:GenerateDataKey, kms:GenerateDataKeyWithoutPlaintext, kms:DescribeKey if kms:EncryptionContext:aws:logs:arn ArnLike ' +
        'arn:aws:logs:eu-west-1:123456789012:log-group:*. Without it the log group cannot be created; acknowledge this warning once the key ' +
        'allows it.',
    ]);
  });

  test('bundledFunctions is checked as given, and named so', () => {
    expect(() => auth(stackIn(), { bundledFunctions: { reservedConcurrentExecutions: 0 } })).toThrow(
      "[Test/Auth] bundledFunctions.reservedConcurrentExecutions 0 is invalid: give a whole number from 1 to the region's concurrency quota " +
        'less the 100 Lambda keeps unreserved (900 with the default quota); a function that reserves 0 is throttled at every invocation, so ' +
        'every request it serves fails',
    );
  });

  test("a trigger's own subnets without its own VPC take nothing of bundledFunctions' VPC (the three go together)", () => {
    const stack = stackIn();
    const vpc = vpcIn(stack);
    const isolated = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
    expect(() => auth(stack, { bundledFunctions: { vpc }, triggers: { preSignUp: { vpcSubnets: isolated } } })).toThrow(
      '[Test/Auth/PreSignUp/Handler] triggers.preSignUp.vpcSubnets is set, but triggers.preSignUp.vpc is not: give the VPC too',
    );
  });

  test('the standalone JWT authorizer takes them too', () => {
    const stack = stackIn();
    const userPool = pool(stack);
    expect(() => new JwtAuthorizerFunction(stack, 'Authorizer', { userPool, clients: [userPool.addClient('Web')], reservedConcurrentExecutions: 0 }))
      .toThrow("[Test/Authorizer/Handler] jwtAuthorizer('Authorizer').reservedConcurrentExecutions 0 is invalid");
  });
});

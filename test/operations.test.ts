import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AuthEventsDestination,
  AuthMonitoring,
  AuthWebAcl,
  ClientKind,
  CognitoAuth,
  CognitoAuthProps,
  FirewallTarget,
  UserActivityLogs,
} from '../lib';

const { SIGN_IN_OPERATIONS, SIGN_IN_PATHS } = AuthWebAcl;
import { evaluate, regionalStack, testApp, testStack, validatorOn } from './helpers';

// Every template here must pass AWS's CloudFormation validator.
validatorOn();

const PLUS = { featurePlan: cognito.FeaturePlan.PLUS };
const WEB = { name: 'web', kind: ClientKind.PUBLIC_WEB, callbackUrls: ['https://app.example.com/cb'] };

function synth(props: CognitoAuthProps, after?: (auth: CognitoAuth, stack: Stack) => void) {
  const stack = regionalStack('eu-west-1');
  const auth = new CognitoAuth(stack, 'Auth', props);
  after?.(auth, stack);
  return { auth, stack, template: Template.fromStack(stack) };
}

function expectError(props: CognitoAuthProps, message: string, stack: Stack = regionalStack('eu-west-1')) {
  expect(() => new CognitoAuth(stack, 'Auth', props)).toThrow(message);
}

const only = (template: Template, type: string) => {
  const found = Object.values(template.findResources(type));
  expect(found).toHaveLength(1);
  return found[0];
};

describe('user activity logs', () => {
  test('message-delivery errors: a log group with bounded retention, a delivery policy limited to it, ERROR to CloudWatch Logs', () => {
    const { template } = synth({ userActivityLogs: { messageDeliveryErrors: true } });
    const group = only(template, 'AWS::Logs::LogGroup');
    expect(group.DeletionPolicy).toBe('Retain');
    expect(group.Properties.RetentionInDays).toBe(90);
    expect(evaluate(group.Properties.LogGroupName)).toBe('/aws/vendedlogs/cognito/<AuthUserPool89DB94DB>/message-delivery');
    const [groupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));

    const config = only(template, 'AWS::Cognito::LogDeliveryConfiguration');
    expect(config.Properties.LogConfigurations).toHaveLength(1);
    const [c] = config.Properties.LogConfigurations;
    expect([c.EventSource, c.LogLevel]).toEqual(['userNotification', 'ERROR']);
    // The log group ARN without the ':*' of LogGroup.logGroupArn, which Cognito's pattern refuses.
    expect(evaluate(c.CloudWatchLogsConfiguration.LogGroupArn)).toBe(`arn:aws:logs:eu-west-1:123456789012:log-group:<${groupId}>`);

    const policy = only(template, 'AWS::Logs::ResourcePolicy');
    const document = JSON.parse(evaluate(policy.Properties.PolicyDocument));
    expect(document.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `arn:aws:logs:eu-west-1:123456789012:log-group:<${groupId}>:log-stream:*`,
        Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:logs:eu-west-1:123456789012:*' } },
      },
    ]);
    expect(config.DependsOn).toEqual(Object.keys(template.findResources('AWS::Logs::ResourcePolicy')));
  });

  test('retention and removal policy are props', () => {
    const { template } = synth({ userActivityLogs: { messageDeliveryErrors: true, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY } });
    const group = only(template, 'AWS::Logs::LogGroup');
    expect(group.Properties.RetentionInDays).toBe(365);
    expect(group.DeletionPolicy).toBe('Delete');
  });

  test('authentication events to CloudWatch Logs on Plus: a second log group, INFO', () => {
    const { template } = synth({ ...PLUS, userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs() } });
    const configs = only(template, 'AWS::Cognito::LogDeliveryConfiguration').Properties.LogConfigurations;
    expect(configs.map((c: any) => `${c.EventSource}/${c.LogLevel}/${Object.keys(c).find((k) => k.endsWith('Configuration'))}`)).toEqual([
      'userNotification/ERROR/CloudWatchLogsConfiguration',
      'userAuthEvents/INFO/CloudWatchLogsConfiguration',
    ]);
    const names = Object.values(template.findResources('AWS::Logs::LogGroup')).map((g) => evaluate(g.Properties.LogGroupName));
    expect(names).toEqual(['/aws/vendedlogs/cognito/<AuthUserPool89DB94DB>/message-delivery', '/aws/vendedlogs/cognito/<AuthUserPool89DB94DB>/auth-events']);
  });

  test('authentication events to your own log group: one delivery policy for it and the created one (10 per account and region)', () => {
    const stack = regionalStack('eu-west-1');
    const group = new logs.LogGroup(stack, 'Mine', { retention: logs.RetentionDays.ONE_WEEK });
    new CognitoAuth(stack, 'Auth', { ...PLUS, userActivityLogs: { messageDeliveryErrors: true, authEvents: AuthEventsDestination.cloudWatchLogs(group) } });
    const t = Template.fromStack(stack);
    const id = stack.getLogicalId(group.node.defaultChild as logs.CfnLogGroup);
    t.resourceCountIs('AWS::Logs::LogGroup', 2);
    const [, c] = only(t, 'AWS::Cognito::LogDeliveryConfiguration').Properties.LogConfigurations;
    expect(evaluate(c.CloudWatchLogsConfiguration.LogGroupArn)).toBe(`arn:aws:logs:eu-west-1:123456789012:log-group:<${id}>`);
    const resources = JSON.parse(evaluate(only(t, 'AWS::Logs::ResourcePolicy').Properties.PolicyDocument)).Statement[0].Resource;
    expect(resources).toHaveLength(2);
    expect(resources[1]).toBe(`arn:aws:logs:eu-west-1:123456789012:log-group:<${id}>:log-stream:*`);
  });

  test('authentication events to S3: the bucket policy and the key policy that log delivery needs, limited to this account', () => {
    const stack = regionalStack('eu-west-1');
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
    new CognitoAuth(stack, 'Auth', { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.s3(bucket) } });
    const t = Template.fromStack(stack);
    const [c] = only(t, 'AWS::Cognito::LogDeliveryConfiguration').Properties.LogConfigurations;
    expect(c).toEqual({ EventSource: 'userAuthEvents', LogLevel: 'INFO', S3Configuration: { BucketArn: { 'Fn::GetAtt': ['Logs6819BB44', 'Arn'] } } });
    const statements = only(t, 'AWS::S3::BucketPolicy').Properties.PolicyDocument.Statement.filter((s: any) => s.Principal?.Service === 'delivery.logs.amazonaws.com');
    expect(statements.map((s: any) => [s.Action, evaluate(Array.isArray(s.Resource) ? s.Resource[0] : s.Resource)])).toEqual([
      [['s3:GetBucketAcl', 's3:ListBucket'], '<Logs6819BB44.Arn>'],
      ['s3:PutObject', '<Logs6819BB44.Arn>/AWSLogs/123456789012/*'],
    ]);
    expect(statements[1].Condition.StringEquals).toEqual({ 'aws:SourceAccount': '123456789012', 's3:x-amz-acl': 'bucket-owner-full-control' });
    const keyStatements = only(t, 'AWS::KMS::Key').Properties.KeyPolicy.Statement.filter((s: any) => s.Principal?.Service === 'delivery.logs.amazonaws.com');
    expect(keyStatements).toHaveLength(1);
    expect(keyStatements[0].Condition.StringEquals).toEqual({ 'aws:SourceAccount': '123456789012' });
    expect(only(t, 'AWS::Cognito::LogDeliveryConfiguration').DependsOn).toEqual(Object.keys(t.findResources('AWS::S3::BucketPolicy')));
  });

  test('authentication events to Firehose: the stream is tagged LogDeliveryEnabled', () => {
    const stack = regionalStack('eu-west-1');
    const bucket = new s3.Bucket(stack, 'Sink');
    const stream = new firehose.DeliveryStream(stack, 'Stream', { destination: new firehose.S3Bucket(bucket) });
    new CognitoAuth(stack, 'Auth', { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.firehose(stream) } });
    const t = Template.fromStack(stack);
    const [c] = only(t, 'AWS::Cognito::LogDeliveryConfiguration').Properties.LogConfigurations;
    expect(c.FirehoseConfiguration).toEqual({ StreamArn: { 'Fn::GetAtt': [stack.getLogicalId(stream.node.defaultChild as firehose.CfnDeliveryStream), 'Arn'] } });
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', { Tags: Match.arrayWith([{ Key: 'LogDeliveryEnabled', Value: 'true' }]) });
    // The stream only: not its role or log group.
    const tagged = Object.entries(t.toJSON().Resources as Record<string, any>).filter(([, r]) => JSON.stringify(r.Properties?.Tags ?? []).includes('LogDeliveryEnabled'));
    expect(tagged.map(([, r]) => r.Type)).toEqual(['AWS::KinesisFirehose::DeliveryStream']);
  });

  test('a bucket with an imported KMS key: a warning that its key policy is yours to change', () => {
    const stack = regionalStack('eu-west-1');
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const bucket = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true });
    const auth = new CognitoAuth(stack, 'Auth', { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.s3(bucket) } });
    expect(() => Template.fromStack(stack)).toThrow(/cdk-cognito-auth:logBucketKeyImported/);
    Validations.of(auth).acknowledge({ id: 'Annotation::cdk-cognito-auth:logBucketKeyImported', reason: 'the key policy allows log delivery' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('the standalone construct checks its props too', () => {
    const stack = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(stack, 'Pool');
    expect(() => new UserActivityLogs(stack, 'Logs', { userPool: pool })).toThrow('[Test/Logs] nothing to export: set messageDeliveryErrors, authEvents or both');
    expect(new UserActivityLogs(stack, 'Errors', { userPool: pool, messageDeliveryErrors: true }).messageDeliveryLogGroup).toBeDefined();
  });

  test('an environment-agnostic stack: regions are tokens and are not compared', () => {
    const stack = testStack();
    const group = new logs.LogGroup(stack, 'Mine');
    expect(() => new CognitoAuth(stack, 'Auth', { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs(group) } })).not.toThrow();
  });

  describe('refused at synth', () => {
    test('nothing to export', () => {
      expectError({ userActivityLogs: {} }, '[Test/Auth] userActivityLogs exports nothing: set messageDeliveryErrors, authEvents or both');
    });
    test('authentication events without Plus', () => {
      expectError(
        { userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs() } },
        "[Test/Auth] userActivityLogs.authEvents needs featurePlan PLUS: Cognito produces authentication events with threat protection, which only Plus has; featurePlan is 'ESSENTIALS'",
      );
    });
    test('authentication events with threat protection off', () => {
      expectError(
        { ...PLUS, threatProtection: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT, userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs() } },
        '[Test/Auth] userActivityLogs.authEvents needs threat protection in audit-only or full-function mode to produce authentication events, but threatProtection is NO_ENFORCEMENT and customThreatProtection is not set',
      );
    });
    test('audit-only threat protection is enough', () => {
      const stack = regionalStack('eu-west-1');
      expect(() => new CognitoAuth(stack, 'Auth', {
        ...PLUS,
        threatProtection: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
        userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs() },
      })).not.toThrow();
    });
    test('a log group in another region', () => {
      const app = testApp();
      const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '123456789012', region: 'us-east-1' } });
      const group = new logs.LogGroup(elsewhere, 'Group');
      expectError(
        { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs(group) } },
        "[Pool/Auth] userActivityLogs.authEvents: the log group 'Elsewhere/Group' is in us-east-1, but the user pool is in eu-west-1: Cognito delivers a pool's logs to destinations in the pool's region",
        new Stack(app, 'Pool', { env: { account: '123456789012', region: 'eu-west-1' } }),
      );
    });
    test('a log group in another account', () => {
      const app = testApp();
      const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '210987654321', region: 'eu-west-1' } });
      expectError(
        { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs(new logs.LogGroup(elsewhere, 'Group')) } },
        "[Pool/Auth] userActivityLogs.authEvents: the log group 'Elsewhere/Group' is in account 210987654321, but the user pool is in 123456789012: Cognito delivers to log groups of the pool's account only",
        new Stack(app, 'Pool', { env: { account: '123456789012', region: 'eu-west-1' } }),
      );
    });
    test('a bucket and a Firehose stream in another region', () => {
      const app = testApp();
      const elsewhere = new Stack(app, 'Elsewhere', { env: { account: '123456789012', region: 'us-west-2' } });
      const bucket = new s3.Bucket(elsewhere, 'Bucket');
      const stream = new firehose.DeliveryStream(elsewhere, 'Stream', { destination: new firehose.S3Bucket(bucket) });
      const pool = new Stack(app, 'Pool', { env: { account: '123456789012', region: 'eu-west-1' } });
      expect(() => new CognitoAuth(pool, 'A', { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.s3(bucket) } })).toThrow(
        "[Pool/A] userActivityLogs.authEvents: the bucket 'Elsewhere/Bucket' is in us-west-2, but the user pool is in eu-west-1: Cognito delivers a pool's logs to destinations in the pool's region",
      );
      expect(() => new CognitoAuth(pool, 'B', { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.firehose(stream) } })).toThrow(
        "[Pool/B] userActivityLogs.authEvents: the Firehose stream 'Elsewhere/Stream' is in us-west-2, but the user pool is in eu-west-1: Cognito delivers a pool's logs to destinations in the pool's region",
      );
    });
    test('a bucket encrypted with the AWS managed key aws/s3', () => {
      const stack = regionalStack('eu-west-1');
      const bucket = new s3.Bucket(stack, 'Managed', { encryption: s3.BucketEncryption.KMS_MANAGED });
      expectError(
        { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.s3(bucket) } },
        "[Test/Auth] userActivityLogs.authEvents: the bucket 'Test/Managed' is encrypted with the AWS managed key aws/s3, which log delivery cannot use: encrypt it with S3-managed keys or a customer managed KMS key",
        stack,
      );
    });
    test('a KMS-encrypted log group', () => {
      const stack = regionalStack('eu-west-1');
      const group = new logs.LogGroup(stack, 'Encrypted', { encryptionKey: new kms.Key(stack, 'Key') });
      expectError(
        { ...PLUS, userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs(group) } },
        "[Test/Auth] userActivityLogs.authEvents: the log group 'Test/Encrypted' is encrypted with a KMS key: Cognito cannot deliver to a KMS-encrypted log group (CloudWatch Logs encrypts every log group at rest without one)",
        stack,
      );
    });
  });
});

/**
 * The rate limit's scope-down from the template as a predicate on a request, the way WAF evaluates it: each statement's
 * text transformation applied to its field, then its regex (WAF's are PCRE; these use no PCRE-only syntax).
 */
function scopeDown(template: Template): (request: { path: string; headers?: Record<string, string> }) => boolean {
  const acl = only(template, 'AWS::WAFv2::WebACL');
  const statements: any[] = acl.Properties.Rules[0].Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements;
  expect(statements.map((x) => x.RegexMatchStatement.FieldToMatch)).toEqual([
    { SingleHeader: { Name: 'x-amz-target' } },
    { SingleHeader: { Name: 'x-amzn-cognito-operation-name' } },
    { UriPath: {} },
  ]);
  return (request) =>
    statements.some(({ RegexMatchStatement: m }) => {
      const field = m.FieldToMatch.UriPath ? request.path : request.headers?.[m.FieldToMatch.SingleHeader.Name];
      if (field === undefined) return false;
      const transformed = m.TextTransformations.reduce((v: string, t: { Type: string }) => (t.Type === 'LOWERCASE' ? v.toLowerCase() : t.Type === 'NONE' ? v : fail(t.Type)), field);
      return new RegExp(m.RegexString).test(transformed);
    });
}

function fail(type: string): never {
  throw new Error(`a text transformation this test does not model: ${type}`);
}

describe('firewall', () => {
  const { template } = synth({ clients: [WEB], domain: { prefix: 'ops-test-abc' }, firewall: {} });

  test('a regional web ACL: the rate limit first, then AWS managed groups, everything else allowed; associated with the pool', () => {
    const acl = only(template, 'AWS::WAFv2::WebACL');
    expect(acl.Properties.Scope).toBe('REGIONAL');
    expect(acl.Properties.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Properties.Rules.map((r: any) => [r.Priority, r.Name, r.Action ?? r.OverrideAction])).toEqual([
      [0, 'RateLimitPerIp', { Block: {} }],
      [1, 'AWS-AWSManagedRulesAmazonIpReputationList', { None: {} }],
      [2, 'AWS-AWSManagedRulesCommonRuleSet', { None: {} }],
      [3, 'AWS-AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
    ]);
    expect(acl.Properties.Rules[0].Statement.RateBasedStatement).toMatchObject({ Limit: 300, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    // A SAML response posted to /saml2/idpresponse is often larger than the core rule set's 8 KB body limit;
    // Servers and machine-to-machine clients often call /oauth2/token without a User-Agent.
    expect(acl.Properties.Rules[2].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
    ]);
    for (const rule of acl.Properties.Rules) expect(rule.VisibilityConfig).toMatchObject({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true });
    const [aclId] = Object.keys(template.findResources('AWS::WAFv2::WebACL'));
    expect(only(template, 'AWS::WAFv2::WebACLAssociation').Properties).toEqual({
      ResourceArn: { 'Fn::GetAtt': ['AuthUserPool89DB94DB', 'Arn'] },
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });

  test('the rate limit counts sign-in requests only: the sign-in operations of the API (either header) and the sign-in pages', () => {
    const counts = scopeDown(template);
    for (const op of SIGN_IN_OPERATIONS) {
      expect(counts({ path: '/', headers: { 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` } })).toBe(true);
      expect(counts({ path: '/', headers: { 'x-amzn-cognito-operation-name': op } })).toBe(true);
    }
    for (const op of ['GetUser', 'InitiateAuthX', 'GlobalSignOut', 'AdminInitiateAuth']) {
      expect(counts({ path: '/', headers: { 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` } })).toBe(false);
      expect(counts({ path: '/', headers: { 'x-amzn-cognito-operation-name': op } })).toBe(false);
    }
    for (const p of SIGN_IN_PATHS) {
      expect(counts({ path: p })).toBe(true);
      expect(counts({ path: `${p}/` })).toBe(true);
    }
    // Mixed case arrives as the pages spell it; the LOWERCASE transformation makes it match.
    for (const p of ['/forgotPassword', '/confirmForgotPassword', '/LOGIN', '/signUp']) expect(counts({ path: p })).toBe(true);
    for (const p of ['/oauth2/authorize', '/oauth2/token', '/oauth2/userInfo', '/.well-known/jwks.json', '/logout', '/loginx', '/saml2/idpresponse']) {
      expect(counts({ path: p })).toBe(false);
    }
  });

  test('every rule is a prop: the limit, its window, count-only modes, the groups and their rules', () => {
    const { template: t } = synth({
      firewall: {
        rateLimit: 1000,
        rateLimitWindow: Duration.minutes(1),
        rateLimitCountOnly: true,
        managedRuleGroups: [
          { name: 'AWSManagedRulesCommonRuleSet', countRules: ['NoUserAgent_HEADER', 'SizeRestrictions_BODY'], version: 'Version_1.12' },
          { name: 'AWSManagedRulesAnonymousIpList', countOnly: true },
        ],
      },
    });
    const rules = only(t, 'AWS::WAFv2::WebACL').Properties.Rules;
    expect(rules[0].Action).toEqual({ Count: {} });
    expect(rules[0].Statement.RateBasedStatement).toMatchObject({ Limit: 1000, EvaluationWindowSec: 60 });
    expect(rules.slice(1).map((r: any) => [r.Name, r.OverrideAction, r.Statement.ManagedRuleGroupStatement])).toEqual([
      [
        'AWS-AWSManagedRulesCommonRuleSet',
        { None: {} },
        {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesCommonRuleSet',
          Version: 'Version_1.12',
          RuleActionOverrides: [
            { Name: 'NoUserAgent_HEADER', ActionToUse: { Count: {} } },
            { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
          ],
        },
      ],
      ['AWS-AWSManagedRulesAnonymousIpList', { Count: {} }, { VendorName: 'AWS', Name: 'AWSManagedRulesAnonymousIpList' }],
    ]);
  });

  test('your own web ACL: only the association', () => {
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/sign-in/1234abcd-12ab-34cd-56ef-1234567890ab';
    const { template: t } = synth({ firewall: { webAclArn: arn } });
    t.resourceCountIs('AWS::WAFv2::WebACL', 0);
    expect(only(t, 'AWS::WAFv2::WebACLAssociation').Properties.WebACLArn).toBe(arn);
  });

  test('a REST API web ACL: the rate limit counts every request; associate the stage', () => {
    const stack = regionalStack('eu-west-1');
    const acl = new AuthWebAcl(stack, 'ApiFirewall', { target: FirewallTarget.REST_API, rateLimit: 2000 });
    acl.associate('Stage', 'arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/prod');
    const t = Template.fromStack(stack);
    const rules = only(t, 'AWS::WAFv2::WebACL').Properties.Rules;
    expect(rules[0].Statement.RateBasedStatement).toEqual({ Limit: 2000, EvaluationWindowSec: 300, AggregateKeyType: 'IP' });
    expect(rules[2].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toBeUndefined();
    expect(only(t, 'AWS::WAFv2::WebACLAssociation').Properties.ResourceArn).toBe('arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/prod');
  });

  describe('refused at synth', () => {
    test.each<[string, CognitoAuthProps['firewall'], string]>([
      [
        'a CloudFront web ACL',
        { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-12ab-34cd-56ef-1234567890ab' },
        "[Test/Auth] firewall.webAclArn 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1234abcd-12ab-34cd-56ef-1234567890ab' is a CloudFront (global) web ACL: a user pool takes a regional web ACL (scope REGIONAL) in its own region",
      ],
      [
        'a web ACL in another region',
        { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sign-in/1234' },
        "[Test/Auth] firewall.webAclArn 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sign-in/1234' is in us-east-1, but the user pool is in eu-west-1: WAF associates a web ACL with resources in its own region only",
      ],
      [
        'not a web ACL ARN',
        { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/1' },
        "[Test/Auth] firewall.webAclArn 'arn:aws:wafv2:eu-west-1:123456789012:regional/ipset/x/1' is not a web ACL ARN: expected arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>",
      ],
      [
        'your own web ACL with rule props',
        { webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/sign-in/1234', rateLimit: 100, rateLimitCountOnly: true },
        '[Test/Auth] firewall.webAclArn is your own web ACL, so firewall.rateLimit, firewall.rateLimitCountOnly would not apply: set the rules on your web ACL, or leave out webAclArn',
      ],
      ['a rate limit under 10', { rateLimit: 5 }, '[Test/Auth] firewall.rateLimit 5 is invalid: AWS WAF takes an integer from 10 to 2000000000'],
      ['a fractional rate limit', { rateLimit: 10.5 }, '[Test/Auth] firewall.rateLimit 10.5 is invalid: AWS WAF takes an integer from 10 to 2000000000'],
      ['a window WAF does not count in', { rateLimitWindow: Duration.minutes(3) }, '[Test/Auth] firewall.rateLimitWindow 3 minutes is invalid: AWS WAF counts in windows of 1, 2, 5 or 10 minutes'],
      [
        'a rule group twice',
        { managedRuleGroups: [{ name: 'AWSManagedRulesCommonRuleSet' }, { name: 'AWSManagedRulesCommonRuleSet' }] },
        "[Test/Auth] firewall.managedRuleGroups has 'AWS/AWSManagedRulesCommonRuleSet' more than once: names must be unique",
      ],
      [
        "AWS WAF's account takeover prevention, which Cognito refuses",
        { managedRuleGroups: [{ name: 'AWSManagedRulesATPRuleSet' }] },
        "[Test/Auth] firewall.managedRuleGroups[0] is AWSManagedRulesATPRuleSet: Cognito refuses a web ACL with AWS WAF's account takeover prevention; use threat protection (featurePlan PLUS) instead",
      ],
      [
        'a rule name WAF refuses',
        { managedRuleGroups: [{ name: 'AWSManagedRulesCommonRuleSet', countRules: ['No User Agent'] }] },
        "[Test/Auth] firewall.managedRuleGroups[0].countRules[0] 'No User Agent' is not a rule name: WAF rule names are 1-128 letters, digits, _ and -",
      ],
    ])('%s', (_name, firewall, message) => expectError({ firewall }, message));

    test('a web ACL ARN that is a token is not known until deploy and passes', () => {
      const stack = regionalStack('eu-west-1');
      const acl = new AuthWebAcl(stack, 'Shared', { target: FirewallTarget.USER_POOL });
      expect(() => new CognitoAuth(stack, 'Auth', { firewall: { webAclArn: acl.webAclArn } })).not.toThrow();
    });

    test('the standalone web ACL checks its props too', () => {
      expect(() => new AuthWebAcl(regionalStack('eu-west-1'), 'Acl', { target: FirewallTarget.REST_API, rateLimit: 3_000_000_000 })).toThrow(
        '[Test/Acl] rateLimit 3000000000 is invalid: AWS WAF takes an integer from 10 to 2000000000',
      );
    });
  });
});

describe('monitoring', () => {
  const { auth, template } = synth(
    {
      ...PLUS,
      clients: [WEB],
      domain: { prefix: 'ops-mon-abc' },
      triggers: { preSignUp: { blockedEmailDomains: ['mailinator.com'] }, postConfirmation: {} },
      firewall: {},
      monitoring: { createAlarmTopic: true },
    },
    (a) => a.jwtAuthorizer('Admin'),
  );
  const alarms = template.findResources('AWS::CloudWatch::Alarm');
  const byDescription = (text: string) => Object.values(alarms).filter((a) => a.Properties.AlarmDescription.includes(text));

  test("the pool's throttles, summed over every client with Metrics Insights", () => {
    const throttles = byDescription('throttled by Cognito');
    expect(throttles.map((a) => evaluate(a.Properties.Metrics[0].Expression))).toEqual([
      `SELECT SUM(SignInThrottles) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '<AuthUserPool89DB94DB>'`,
      `SELECT SUM(SignUpThrottles) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '<AuthUserPool89DB94DB>'`,
      `SELECT SUM(TokenRefreshThrottles) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '<AuthUserPool89DB94DB>'`,
      `SELECT SUM(FederationThrottles) FROM SCHEMA("AWS/Cognito", IdentityProvider, UserPool, UserPoolClient) WHERE UserPool = '<AuthUserPool89DB94DB>'`,
    ]);
    for (const a of throttles) {
      expect(a.Properties).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
      expect(a.Properties.Metrics[0].Period).toBe(300);
    }
  });

  test('on Plus with threat protection, risky requests', () => {
    const [risk] = byDescription('assessed as risky');
    expect(evaluate(risk.Properties.Metrics[0].Expression)).toBe(`SELECT SUM(Risk) FROM SCHEMA("AWS/Cognito", Operation, UserPoolId) WHERE UserPoolId = '<AuthUserPool89DB94DB>'`);
    expect(risk.Properties.Threshold).toBe(10);
  });

  test("each trigger and the JWT authorizer (added after the construct): errors, throttles and p99 duration at 4 s", () => {
    for (const label of ['Trigger preSignUp', 'Trigger postConfirmation', 'Authorizer Admin']) {
      const mine = byDescription(`${label}:`);
      expect(mine.map((a) => [a.Properties.MetricName, a.Properties.Statistic ?? a.Properties.ExtendedStatistic, a.Properties.Threshold])).toEqual([
        ['Errors', 'Sum', 1],
        ['Throttles', 'Sum', 1],
        ['Duration', 'p99', 4000],
      ]);
    }
    const [authorizerErrors] = byDescription('Authorizer Admin:');
    expect(authorizerErrors.Properties.Dimensions).toEqual([{ Name: 'FunctionName', Value: { Ref: expect.stringMatching(/^AuthAdminHandlerFunction/) } }]);
    expect(Object.keys(alarms)).toHaveLength(4 + 1 + 3 * 3);
  });

  test('every alarm notifies the topic on ALARM and OK; the topic takes HTTPS publishing only', () => {
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic'));
    for (const a of Object.values(alarms)) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(a.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    expect(JSON.stringify(only(template, 'AWS::SNS::TopicPolicy').Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    expect(auth.monitoring!.alarmTopic).toBeDefined();
    expect(auth.monitoring!.alarms).toHaveLength(Object.keys(alarms).length);
  });

  test("the dashboard: sign-ins, sign-ups, token refreshes, federation, throttles, every alarm (including later ones), threat protection, each function, the firewall", () => {
    const body = evaluate(only(template, 'AWS::CloudWatch::Dashboard').Properties.DashboardBody, (ref) => `<${ref}>`);
    const widgets = JSON.parse(body).widgets;
    const titles = widgets.map((w: any) => w.properties.title);
    expect(titles).toEqual([
      'Sign-ins',
      'Sign-ups',
      'Token refreshes',
      'Federated sign-ins',
      'Throttled requests',
      'Alarms',
      'Threat protection',
      'Trigger preSignUp: invocations, errors, throttles',
      'Trigger preSignUp: duration (ms)',
      'Trigger postConfirmation: invocations, errors, throttles',
      'Trigger postConfirmation: duration (ms)',
      'Sign-in firewall: requests',
      'Authorizer Admin: invocations, errors, throttles',
      'Authorizer Admin: duration (ms)',
    ]);
    // The firewall row reads WAF's metrics by the web ACL's metric name and the rate rule's.
    const acl = only(template, 'AWS::WAFv2::WebACL').Properties;
    const firewall = widgets.find((w: any) => w.properties.title === 'Sign-in firewall: requests');
    const dimensions = (m: any[]) => Object.fromEntries([[m[2], m[3]], [m[4], m[5]], [m[6], m[7]]]);
    expect(firewall.properties.metrics.map((m: any[]) => [m[0], m[1], dimensions(m)])).toEqual([
      ['AWS/WAFV2', 'AllowedRequests', { WebACL: acl.VisibilityConfig.MetricName, Region: 'eu-west-1', Rule: 'ALL' }],
      ['AWS/WAFV2', 'BlockedRequests', { WebACL: acl.VisibilityConfig.MetricName, Region: 'eu-west-1', Rule: 'ALL' }],
      ['AWS/WAFV2', 'BlockedRequests', { WebACL: acl.VisibilityConfig.MetricName, Region: 'eu-west-1', Rule: acl.Rules[0].VisibilityConfig.MetricName }],
    ]);
    const alarmWidget = widgets.find((w: any) => w.properties.title === 'Alarms');
    expect(alarmWidget.properties.alarms).toHaveLength(Object.keys(alarms).length);
    const signIns = widgets[0].properties.metrics.map((m: any) => m[0].expression);
    expect(signIns).toEqual([
      `SELECT COUNT(SignInSuccesses) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '<AuthUserPool89DB94DB>'`,
      `SELECT SUM(SignInSuccesses) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '<AuthUserPool89DB94DB>'`,
    ]);
    const duration = widgets.find((w: any) => w.properties.title === 'Trigger preSignUp: duration (ms)');
    expect(duration.properties.annotations.horizontal).toEqual([{ value: 5000, label: "Cognito's 5-second limit", color: '#d62728', yAxis: 'left' }]);
  });

  test('on Essentials: no risk alarm, no threat protection widget; thresholds and the period are props; your own topic', () => {
    const stack = regionalStack('eu-west-1');
    const topic = new sns.Topic(stack, 'Mine', { enforceSSL: true });
    new CognitoAuth(stack, 'Auth', {
      triggers: { preSignUp: {} },
      monitoring: { alarmTopic: topic, period: Duration.minutes(1), functionDurationThreshold: Duration.millis(2500), functionErrorsThreshold: 5, poolThrottlesThreshold: 20, dashboard: false },
    });
    const t = Template.fromStack(stack);
    const all = Object.values(t.findResources('AWS::CloudWatch::Alarm'));
    expect(all).toHaveLength(4 + 3);
    expect(all.map((a) => a.Properties.Threshold).sort((x, y) => x - y)).toEqual([1, 5, 20, 20, 20, 20, 2500]);
    const topicId = stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic);
    expect(all.every((a) => JSON.stringify(a.Properties.AlarmActions) === JSON.stringify([{ Ref: topicId }]))).toBe(true);
    expect(all.every((a) => (a.Properties.Period ?? a.Properties.Metrics[0].Period) === 60)).toBe(true);
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    t.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('the construct on an aws-cdk-lib pool, with a function of your own', () => {
    const stack = regionalStack('eu-west-1');
    const pool = new cognito.UserPool(stack, 'Pool');
    const monitoring = new AuthMonitoring(stack, 'Monitoring', { userPool: pool });
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>{}') });
    monitoring.addFunction('Custom message', fn);
    expect(() => monitoring.addFunction('Custom message', fn)).toThrow("[Test/Monitoring] addFunction('Custom message'): the label is taken (labels are compared by their letters and digits)");
    expect(() => monitoring.addFunction('Custom-message', fn)).toThrow("[Test/Monitoring] addFunction('Custom-message'): the label is taken (labels are compared by their letters and digits)");
    expect(() => monitoring.addFunction('--', fn)).toThrow("[Test/Monitoring] addFunction('--'): a label needs at least one letter or digit");
    // Standalone, the construct does not know the pool's plan: no risk alarm unless asked for.
    expect(monitoring.alarms).toHaveLength(4 + 3);
    const plus = new AuthMonitoring(stack, 'PlusMonitoring', { userPool: pool, riskAlarm: true, riskThreshold: 3, dashboard: false });
    expect(plus.alarms).toHaveLength(4 + 1);
    expect(plus.dashboard).toBeUndefined();
  });

  describe('refused at synth', () => {
    test.each<[string, CognitoAuthProps, string]>([
      ['a risk alarm without Plus', { monitoring: { riskAlarm: true } }, "[Test/Auth] monitoring.riskAlarm needs featurePlan PLUS: Cognito produces risk metrics with threat protection, which only Plus has; featurePlan is 'ESSENTIALS'"],
      [
        'a risk alarm with threat protection off',
        { ...PLUS, threatProtection: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT, monitoring: { riskAlarm: true } },
        '[Test/Auth] monitoring.riskAlarm needs threat protection in audit-only or full-function mode to produce risk metrics, but threatProtection is NO_ENFORCEMENT and customThreatProtection is not set',
      ],
      ['a threshold of 0', { monitoring: { functionErrorsThreshold: 0 } }, '[Test/Auth] monitoring.functionErrorsThreshold 0 is invalid: use a whole number of at least 1'],
      ['a fractional threshold', { monitoring: { riskThreshold: 2.5 } }, '[Test/Auth] monitoring.riskThreshold 2.5 is invalid: use a whole number of at least 1'],
      ['a period of 30 seconds', { monitoring: { period: Duration.seconds(30) } }, '[Test/Auth] monitoring.period 30 seconds is invalid: use whole minutes from 1 minute to 3 hours (CloudWatch evaluates alarms on Metrics Insights queries over the latest 3 hours only)'],
      ['a period past 3 hours', { monitoring: { period: Duration.hours(4) } }, '[Test/Auth] monitoring.period 4 hours is invalid: use whole minutes from 1 minute to 3 hours (CloudWatch evaluates alarms on Metrics Insights queries over the latest 3 hours only)'],
      ['a risk threshold without the risk alarm', { ...PLUS, monitoring: { riskAlarm: false, riskThreshold: 5 } }, '[Test/Auth] monitoring.riskThreshold is set, but monitoring.riskAlarm is false: there is no risk alarm to use it'],
      ['a dashboard name without the dashboard', { monitoring: { dashboard: false, dashboardName: 'auth' } }, '[Test/Auth] monitoring.dashboardName is set, but monitoring.dashboard is false: there is no dashboard to name'],
      [
        'a duration threshold past the 5-second limit',
        { monitoring: { functionDurationThreshold: Duration.seconds(6) } },
        '[Test/Auth] monitoring.functionDurationThreshold 6 seconds is invalid: use 100 ms to 5 seconds (Cognito waits 5 seconds for a trigger)',
      ],
    ])('%s', (_name, props, message) => expectError(props, message));

    test('a topic and createAlarmTopic together', () => {
      const stack = regionalStack('eu-west-1');
      expectError({ monitoring: { alarmTopic: new sns.Topic(stack, 'T'), createAlarmTopic: true } }, '[Test/Auth] monitoring.alarmTopic is given and monitoring.createAlarmTopic is true: use one of them', stack);
    });
  });
});

test('no production part is created unless asked for', () => {
  const { template } = synth({ clients: [WEB], triggers: { preSignUp: {} } });
  for (const type of ['AWS::Cognito::LogDeliveryConfiguration', 'AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::SNS::Topic', 'AWS::Logs::ResourcePolicy']) {
    template.resourceCountIs(type, 0);
  }
});

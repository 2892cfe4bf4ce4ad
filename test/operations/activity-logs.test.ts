import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuthEventsDestination, CognitoAuth, UserActivityLogs } from '../../lib';
import { evaluate, regionalStack, testApp, testStack, validatorOn } from '../support/helpers';
import { expectError, only, PLUS, synth } from './fixtures';

// Every template here must pass AWS's CloudFormation validator.
validatorOn();

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
    const { template } = synth({
      userActivityLogs: { messageDeliveryErrors: true, retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.DESTROY },
    });
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
        {
          ...PLUS,
          threatProtection: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT,
          userActivityLogs: { authEvents: AuthEventsDestination.cloudWatchLogs() },
        },
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

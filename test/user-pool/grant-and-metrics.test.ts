import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AuthMonitoring, AuthUserPool } from '../../lib';
import { evaluate, regionalStack, testStack } from '../support/helpers';

describe('AuthUserPool.grant', () => {
  test("the actions on the pool's ARN only, as an iam.Grant; no KMS permission without encryptionKey", () => {
    // GIVEN a pool and a role WHEN the role is granted two admin actions
    const stack = testStack();
    const pool = new AuthUserPool(stack, 'Pool');
    const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = pool.grant(role, 'cognito-idp:AdminGetUser', 'cognito-idp:AdminDisableUser');

    // THEN the grant succeeded, and the role's policy names the pool's ARN and nothing else
    expect(grant).toBeInstanceOf(iam.Grant);
    expect(grant.success).toBe(true);
    const template = Template.fromStack(stack);
    const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Admin') }],
      PolicyDocument: {
        Statement: [{ Action: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminGetUser'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } }],
      },
    });
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('kms:');
  });

  test('on a pool with encryptionKey, the grantee may also use the key through Cognito of its region, for this pool only', () => {
    const stack = regionalStack('eu-west-1');
    const pool = new AuthUserPool(stack, 'Pool', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
    const role = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    const grant = pool.grant(role, 'cognito-idp:AdminGetUser');

    expect(grant.principalStatements).toHaveLength(3);
    const template = Template.fromStack(stack);
    const [poolId] = Object.keys(template.findResources('AWS::Cognito::UserPool'));
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    const via = { 'kms:ViaService': 'cognito-idp.eu-west-1.amazonaws.com' };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Admin') }],
      PolicyDocument: {
        Statement: [
          { Action: 'cognito-idp:AdminGetUser', Effect: 'Allow', Resource: { 'Fn::GetAtt': [poolId, 'Arn'] } },
          { Action: 'kms:DescribeKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [keyId, 'Arn'] }, Condition: { StringEquals: via } },
          {
            Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
            Condition: { StringEquals: via, StringLike: { 'kms:EncryptionContext:aws:cognito-idp:userpool-arn': { 'Fn::GetAtt': [poolId, 'Arn'] } } },
          },
        ],
      },
    });
  });
});

describe("AuthUserPool's metrics", () => {
  const stack = testStack();
  const pool = new AuthUserPool(stack, 'Pool');
  const poolRef = `<${Object.keys(Template.fromStack(stack).findResources('AWS::Cognito::UserPool'))[0]}>`;
  /** The metric's Metrics Insights query, its tokens shown as <logical id>. */
  const queryOf = (metric: cloudwatch.IMetric) => {
    expect(metric).toBeInstanceOf(cloudwatch.MathExpression);
    return evaluate(stack.resolve((metric as cloudwatch.MathExpression).expression));
  };

  test.each([
    ['metricSignInSuccesses', 'SignInSuccesses', 'UserPool, UserPoolClient', 'UserPool'],
    ['metricSignUpSuccesses', 'SignUpSuccesses', 'UserPool, UserPoolClient', 'UserPool'],
    ['metricTokenRefreshSuccesses', 'TokenRefreshSuccesses', 'UserPool, UserPoolClient', 'UserPool'],
    ['metricFederationSuccesses', 'FederationSuccesses', 'IdentityProvider, UserPool, UserPoolClient', 'UserPool'],
    ['metricSignInThrottles', 'SignInThrottles', 'UserPool, UserPoolClient', 'UserPool'],
    ['metricSignUpThrottles', 'SignUpThrottles', 'UserPool, UserPoolClient', 'UserPool'],
    ['metricTokenRefreshThrottles', 'TokenRefreshThrottles', 'UserPool, UserPoolClient', 'UserPool'],
    ['metricFederationThrottles', 'FederationThrottles', 'IdentityProvider, UserPool, UserPoolClient', 'UserPool'],
    ['metricRisk', 'Risk', 'Operation, UserPoolId', 'UserPoolId'],
    ['metricNoRisk', 'NoRisk', 'Operation, UserPoolId', 'UserPoolId'],
    ['metricAccountTakeoverRisk', 'AccountTakeoverRisk', 'Operation, RiskLevel, UserPoolId', 'UserPoolId'],
    ['metricCompromisedCredentialRisk', 'CompromisedCredentialRisk', 'Operation, RiskLevel, UserPoolId', 'UserPoolId'],
    ['metricOverrideBlock', 'OverrideBlock', 'Operation, RiskLevel, UserPoolId', 'UserPoolId'],
  ] as const)('%s: the Sum of %s over the whole pool, every 5 minutes', (method, name, schema, poolDimension) => {
    const metric = pool[method]();
    expect(queryOf(metric)).toBe(`SELECT SUM(${name}) FROM SCHEMA("AWS/Cognito", ${schema}) WHERE ${poolDimension} = '${poolRef}'`);
    expect(metric.toMetricConfig().mathExpression?.period).toBe(300);
    expect((metric as cloudwatch.MathExpression).label).toBe(name);
  });

  test("the options: the statistic becomes the query's function, dimensionsMap filters, period, label and color pass", () => {
    const metric = pool.metricSignInSuccesses({
      statistic: 'SampleCount',
      dimensionsMap: { UserPoolClient: 'abc123' },
      period: Duration.minutes(1),
      label: 'attempts',
      color: '#ff0000',
    }) as cloudwatch.MathExpression;
    expect(queryOf(metric)).toBe(`SELECT COUNT(SignInSuccesses) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '${poolRef}' AND UserPoolClient = 'abc123'`);
    expect([metric.period.toMinutes(), metric.label, metric.color]).toEqual([1, 'attempts', '#ff0000']);
    expect(queryOf(pool.metricSignInSuccesses({ statistic: 'Average' }))).toMatch(/^SELECT AVG\(SignInSuccesses\)/);
    expect(queryOf(pool.metricRisk({ statistic: 'max', dimensionsMap: { Operation: 'SignIn' } }))).toMatch(/^SELECT MAX\(Risk\) .* AND Operation = 'SignIn'$/);
  });

  test('what a Metrics Insights query cannot do is refused, naming the method and the construct', () => {
    expect(() => pool.metricSignInThrottles({ statistic: 'p99' })).toThrow(
      "[Test/Pool] metricSignInThrottles(): statistic 'p99' cannot be computed by a CloudWatch Metrics Insights query: use Sum, SampleCount, Average, Minimum or Maximum",
    );
    expect(() => pool.metricRisk({ unit: cloudwatch.Unit.COUNT, region: 'eu-west-1' })).toThrow(
      '[Test/Pool] metricRisk(): unit, region cannot be set on a metric of the whole pool, a CloudWatch Metrics Insights query: give statistic, period, label, color or dimensionsMap',
    );
    expect(() => pool.metricRisk({ dimensionsMap: { UserPoolClient: 'abc' } })).toThrow(
      "[Test/Pool] metricRisk(): dimensionsMap has 'UserPoolClient', which is not a dimension to filter Risk by: its dimensions besides the pool's are Operation",
    );
    expect(() => pool.metricSignUpThrottles({ dimensionsMap: { UserPool: 'other' } })).toThrow(/dimensionsMap has 'UserPool', which is not a dimension to filter SignUpThrottles by/);
    expect(() => pool.metricSignUpThrottles({ dimensionsMap: { UserPoolClient: "a' OR 1=1" } })).toThrow(/has a quote, which a Metrics Insights filter cannot hold/);
  });

  test("AuthMonitoring's alarms use the same definitions (one query per metric, whoever makes it)", () => {
    const other = testStack();
    const monitored = new AuthUserPool(other, 'Pool');
    new AuthMonitoring(other, 'Monitoring', { userPool: monitored.userPool, riskAlarm: true, dashboard: false });
    const alarms = Object.values(Template.fromStack(other).findResources('AWS::CloudWatch::Alarm'));
    const expressions = alarms.map((a) => JSON.stringify(a.Properties.Metrics[0].Expression));
    const fromPool = [
      monitored.metricSignInThrottles(),
      monitored.metricSignUpThrottles(),
      monitored.metricTokenRefreshThrottles(),
      monitored.metricFederationThrottles(),
      monitored.metricRisk(),
    ].map((m) => JSON.stringify(other.resolve((m as cloudwatch.MathExpression).expression)));
    expect(expressions).toEqual(fromPool);
  });
});

import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AuthMonitoring, CognitoAuth, CognitoAuthProps } from '../../lib';
import { evaluate, regionalStack } from '../support/helpers';
import { expectError, only, PLUS, synth, WEB } from './fixtures';

// The alarms' and dashboard's templates pass AWS's CloudFormation validator in the example app's prod stage and in the
// props-space test, which both draw monitoring; this module runs without it (test/support/setup-env.ts).

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
      monitoring: {
        alarmTopic: topic,
        period: Duration.minutes(1),
        functionDurationThreshold: Duration.millis(2500),
        functionErrorsThreshold: 5,
        poolThrottlesThreshold: 20,
        dashboard: false,
      },
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

import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConfigError, located } from '../private/errors';
import { checkProps } from '../private/props-check';
import { validateMonitoring } from './private/checks';
import type { AuthWebAcl } from './firewall';

/** Alarms and a dashboard for a user pool, its functions and authorizers. */
export interface MonitoringOptions {
  /**
   * Where the alarms send their ALARM and OK notifications.
   * @default - a new topic when `createAlarmTopic` is true, else no notifications (the alarms still show in CloudWatch)
   */
  readonly alarmTopic?: sns.ITopic;
  /**
   * Create an SNS topic (HTTPS publishing only) for the alarms; subscribe to it yourself (`auth.monitoring.alarmTopic`).
   * @default false
   */
  readonly createAlarmTopic?: boolean;
  /**
   * The period every alarm evaluates (one period over the threshold raises it): whole minutes from 1 minute to 3 hours
   * (CloudWatch evaluates alarms on Metrics Insights queries over the latest 3 hours only).
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * Errors of one function (trigger or authorizer) in a period that raise its alarm. A trigger's error fails the user's
   * sign-up or sign-in; an authorizer's error answers 500 to the caller.
   * @default 1
   */
  readonly functionErrorsThreshold?: number;
  /**
   * Throttled invocations of one function in a period that raise its alarm.
   * @default 1
   */
  readonly functionThrottlesThreshold?: number;
  /**
   * The 99th-percentile duration of one function in a period that raises its alarm: Cognito waits 5 seconds for a
   * trigger, so a trigger near it is about to fail sign-ins (the bundled authorizer times out at 5 s too). From
   * 100 ms to 5 s.
   * @default Duration.seconds(4)
   */
  readonly functionDurationThreshold?: Duration;
  /**
   * Throttled requests of one kind (sign-in, sign-up, token refresh, federation) in a period that raise its alarm:
   * Cognito refused users because a request-rate quota of the account was reached.
   * @default 1
   */
  readonly poolThrottlesThreshold?: number;
  /**
   * Alarm on requests that threat protection assessed as risky (the `Risk` metric). Needs the Plus plan with threat
   * protection on.
   * @default - in `CognitoAuth`: true when the pool is on Plus with threat protection on, else false; in
   * `AuthMonitoring`, which does not know the pool's plan: false
   */
  readonly riskAlarm?: boolean;
  /**
   * Risky requests in a period that raise the risk alarm (only with the risk alarm).
   * @default 10
   */
  readonly riskThreshold?: number;
  /**
   * Create a CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * The dashboard's name (only with the dashboard).
   * @default - a name generated from the construct path
   */
  readonly dashboardName?: string;
}

/** Props for `AuthMonitoring`. */
export interface AuthMonitoringProps extends MonitoringOptions {
  /** The user pool. */
  readonly userPool: cognito.IUserPool;
}

/** The pool metrics of CloudWatch's AWS/Cognito namespace, each with the dimensions Cognito reports it under. */
const POOL_METRICS: { [name: string]: { title: string; schema: string } } = {
  SignIn: { title: 'Sign-ins', schema: 'UserPool, UserPoolClient' },
  SignUp: { title: 'Sign-ups', schema: 'UserPool, UserPoolClient' },
  TokenRefresh: { title: 'Token refreshes', schema: 'UserPool, UserPoolClient' },
  Federation: { title: 'Federated sign-ins', schema: 'IdentityProvider, UserPool, UserPoolClient' },
};

/** The threat protection metrics, with their dimensions. */
const RISK_METRICS: { [name: string]: string } = {
  Risk: 'Operation, UserPoolId',
  NoRisk: 'Operation, UserPoolId',
  AccountTakeoverRisk: 'Operation, RiskLevel, UserPoolId',
  CompromisedCredentialRisk: 'Operation, RiskLevel, UserPoolId',
  OverrideBlock: 'Operation, RiskLevel, UserPoolId',
};

/**
 * Alarms and a dashboard for a user pool: the pool's throttles (and, on Plus, risky requests), and each function's
 * errors, throttles and duration near Cognito's 5-second limit. The pool's metrics are per app client, so they are
 * summed over every client with CloudWatch Metrics Insights queries. `CognitoAuth` adds its triggers and JWT
 * authorizers; add your own functions with `addFunction`.
 */
export class AuthMonitoring extends Construct {
  /** The topic the alarms notify, when there is one. */
  public readonly alarmTopic?: sns.ITopic;
  /** The dashboard, when created. */
  public readonly dashboard?: cloudwatch.Dashboard;
  /** The period the alarms evaluate. */
  public readonly period: Duration;

  private readonly alarmList: cloudwatch.Alarm[] = [];
  private readonly labels = new Set<string>();
  private readonly thresholds: { errors: number; throttles: number; duration: Duration };

  constructor(scope: Construct, id: string, props: AuthMonitoringProps) {
    super(scope, id);
    try {
      checkProps('AuthMonitoringProps', props);
      validateMonitoring('', props);
      this.period = props.period ?? Duration.minutes(5);
      this.thresholds = {
        errors: props.functionErrorsThreshold ?? 1,
        throttles: props.functionThrottlesThreshold ?? 1,
        duration: props.functionDurationThreshold ?? Duration.seconds(4),
      };
      this.alarmTopic = props.alarmTopic ?? (props.createAlarmTopic ? new sns.Topic(this, 'AlarmTopic', { displayName: 'Cognito sign-in alarms', enforceSSL: true }) : undefined);

      const poolId = props.userPool.userPoolId;
      const query = (expression: string, label: string) =>
        new cloudwatch.MathExpression({ expression, label, period: this.period, usingMetrics: {} });
      const poolQuery = (metric: string, fn: 'SUM' | 'COUNT', label: string) =>
        query(`SELECT ${fn}(${metric}) FROM SCHEMA("AWS/Cognito", ${POOL_METRICS[metric.replace(/(Successes|Throttles)$/, '')].schema}) WHERE UserPool = '${poolId}'`, label);
      const riskQuery = (metric: string) => query(`SELECT SUM(${metric}) FROM SCHEMA("AWS/Cognito", ${RISK_METRICS[metric]}) WHERE UserPoolId = '${poolId}'`, metric);

      for (const [kind, { title }] of Object.entries(POOL_METRICS)) {
        this.addAlarm(`${kind}Throttles`, poolQuery(`${kind}Throttles`, 'SUM', `${title} throttled`), props.poolThrottlesThreshold ?? 1,
          `${title} throttled by Cognito: the account's request-rate quota for this kind of request was reached`);
      }
      if (props.riskAlarm) {
        this.addAlarm('RiskyRequests', riskQuery('Risk'), props.riskThreshold ?? 10,
          'Requests that threat protection assessed as risky (credential stuffing, compromised passwords, account takeover attempts)');
      }

      if (props.dashboard ?? true) {
        this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
          dashboardName: props.dashboardName ?? Names.uniqueResourceName(this, { maxLength: 255, separator: '-' }),
          defaultInterval: Duration.days(1),
        });
        this.dashboard.addWidgets(
          ...Object.entries(POOL_METRICS).map(([kind, { title }]) => new cloudwatch.GraphWidget({
            title,
            width: 6,
            left: [poolQuery(`${kind}Successes`, 'COUNT', 'attempts'), poolQuery(`${kind}Successes`, 'SUM', 'successes')],
          })),
        );
        this.dashboard.addWidgets(
          new cloudwatch.GraphWidget({
            title: 'Throttled requests',
            width: 12,
            left: Object.entries(POOL_METRICS).map(([kind, { title }]) => poolQuery(`${kind}Throttles`, 'SUM', title)),
          }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 12, alarms: this.alarmList }),
        );
        if (props.riskAlarm) {
          this.dashboard.addWidgets(new cloudwatch.GraphWidget({ title: 'Threat protection', width: 24, left: Object.keys(RISK_METRICS).map(riskQuery) }));
        }
      }
    } catch (err) {
      throw located(this, err);
    }
  }

  /** The alarms created so far. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmList];
  }

  /**
   * Alarms on a function's errors, throttles and 99th-percentile duration, and a row of the dashboard for it.
   * @param label a name for the function in alarm descriptions and the dashboard, unique in this monitoring
   */
  public addFunction(label: string, fn: lambda.IFunction): void {
    try {
      const id = this.claimLabel('addFunction', label);
      const errors = fn.metricErrors({ period: this.period, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: this.period, statistic: 'Sum' });
      const duration = fn.metricDuration({ period: this.period, statistic: 'p99' });
      this.addAlarm(`${id}Errors`, errors, this.thresholds.errors, `${label}: function errors`);
      this.addAlarm(`${id}Throttles`, throttles, this.thresholds.throttles, `${label}: throttled invocations`);
      this.addAlarm(`${id}Duration`, duration, this.thresholds.duration.toMilliseconds(),
        `${label}: 99th-percentile duration at or above ${this.thresholds.duration.toHumanString()} (Cognito waits 5 seconds for a trigger)`);
      this.dashboard?.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${label}: invocations, errors, throttles`,
          width: 12,
          left: [fn.metricInvocations({ period: this.period, statistic: 'Sum' }), errors, throttles],
        }),
        new cloudwatch.GraphWidget({
          title: `${label}: duration (ms)`,
          width: 12,
          left: [duration, fn.metricDuration({ period: this.period, statistic: 'Maximum' })],
          leftAnnotations: [{ value: 5000, label: "Cognito's 5-second limit", color: cloudwatch.Color.RED }],
        }),
      );
    } catch (err) {
      throw located(this, err);
    }
  }

  /** A row of the dashboard for a web ACL: its allowed, blocked and rate-limited requests. */
  public addFirewall(label: string, webAcl: AuthWebAcl): void {
    try {
      this.claimLabel('addFirewall', label);
    } catch (err) {
      throw located(this, err);
    }
    const region = Stack.of(webAcl).region;
    const metric = (metricName: string, rule: string, title: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/WAFV2',
        metricName,
        dimensionsMap: { WebACL: webAcl.metricName, Region: region, Rule: rule },
        statistic: 'Sum',
        period: this.period,
        label: title,
      });
    this.dashboard?.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${label}: requests`,
        width: 24,
        left: [
          metric('AllowedRequests', 'ALL', 'allowed'),
          metric('BlockedRequests', 'ALL', 'blocked'),
          metric('BlockedRequests', `${webAcl.metricName}-RateLimitPerIp`, 'blocked by the rate limit'),
        ],
      }),
    );
  }

  /** Each label names one row of the dashboard and one set of alarms: its construct-id form must be new too. */
  private claimLabel(method: string, label: string): string {
    const id = label.replace(/[^A-Za-z0-9]/g, '');
    if (id === '') throw new ConfigError(`${method}('${label}'): a label needs at least one letter or digit`);
    if (this.labels.has(id)) throw new ConfigError(`${method}('${label}'): the label is taken (labels are compared by their letters and digits)`);
    this.labels.add(id);
    return id;
  }

  private addAlarm(id: string, metric: cloudwatch.IMetric, threshold: number, description: string): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    if (this.alarmTopic) {
      alarm.addAlarmAction(new actions.SnsAction(this.alarmTopic));
      alarm.addOkAction(new actions.SnsAction(this.alarmTopic));
    }
    this.alarmList.push(alarm);
  }
}

import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ConfigError, located } from '../private/errors';
import { poolMetric, POOL_REQUEST_KINDS, RISK_METRICS } from '../private/pool-metrics';
import { checkProps } from '../private/props-check';
import type { MonitoringOptions } from './monitoring-options';
import { validateMonitoring } from './private/checks';
import type { AuthWebAcl } from './firewall';

/** Props for `AuthMonitoring`. */
export interface AuthMonitoringProps extends MonitoringOptions {
  /** The user pool. */
  readonly userPool: cognito.IUserPool;
}

/**
 * Alarms and a dashboard for a user pool: the pool's throttles (and, on Plus, risky requests), and each function's
 * errors, throttles and duration near Cognito's 5-second limit. The pool's metrics are per app client, so they are
 * summed over every client with CloudWatch Metrics Insights queries, the same as `AuthUserPool`'s `metric*()` methods
 * return. `CognitoAuth` adds its triggers and JWT authorizers; add your own functions with `addFunction`.
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
      this.alarmTopic =
        props.alarmTopic ??
        (props.createAlarmTopic ? new sns.Topic(this, 'AlarmTopic', { displayName: 'Cognito sign-in alarms', enforceSSL: true }) : undefined);

      // The pool's metrics as AuthUserPool's metric*() methods make them, for any pool.
      const poolId = props.userPool.userPoolId;
      const poolQuery = (metric: string, statistic: 'Sum' | 'SampleCount', label: string) =>
        poolMetric('AuthMonitoring', poolId, metric, { statistic, label, period: this.period });
      const riskQuery = (metric: string) => poolMetric('AuthMonitoring', poolId, metric, { period: this.period });

      for (const [kind, { title }] of Object.entries(POOL_REQUEST_KINDS)) {
        this.addAlarm(`${kind}Throttles`, poolQuery(`${kind}Throttles`, 'Sum', `${title} throttled`), props.poolThrottlesThreshold ?? 1,
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
          ...Object.entries(POOL_REQUEST_KINDS).map(([kind, { title }]) => new cloudwatch.GraphWidget({
            title,
            width: 6,
            left: [poolQuery(`${kind}Successes`, 'SampleCount', 'attempts'), poolQuery(`${kind}Successes`, 'Sum', 'successes')],
          })),
        );
        this.dashboard.addWidgets(
          new cloudwatch.GraphWidget({
            title: 'Throttled requests',
            width: 12,
            left: Object.entries(POOL_REQUEST_KINDS).map(([kind, { title }]) => poolQuery(`${kind}Throttles`, 'Sum', title)),
          }),
          new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 12, alarms: this.alarmList }),
        );
        if (props.riskAlarm) {
          this.dashboard.addWidgets(
            new cloudwatch.GraphWidget({ title: 'Threat protection', width: 24, left: Object.keys(RISK_METRICS).map(riskQuery) }),
          );
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

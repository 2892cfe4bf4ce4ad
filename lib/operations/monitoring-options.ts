// The monitoring's options, as `CognitoAuth` and `AuthMonitoring` take them.
import type { Duration } from 'aws-cdk-lib';
import type * as sns from 'aws-cdk-lib/aws-sns';

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

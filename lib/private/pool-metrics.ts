/**
 * The user pool's metrics in CloudWatch's AWS/Cognito namespace, defined once for `AuthUserPool`'s `metric*()` methods
 * and for `AuthMonitoring` (which takes any IUserPool).
 *
 * Cognito publishes its request metrics per app client (dimensions UserPool and UserPoolClient; the Cognito guide's
 * "User pool metrics in CloudWatch") and its threat protection metrics per operation (Operation, UserPoolId, and for
 * some RiskLevel; "Viewing threat protection metrics"), never for the pool alone. CloudWatch does not add up the
 * metrics of several dimension sets, so a metric of the whole pool is a CloudWatch Metrics Insights query that sums
 * them: `SELECT SUM(SignInThrottles) FROM SCHEMA("AWS/Cognito", UserPool, UserPoolClient) WHERE UserPool = '<id>'`.
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ConfigError } from './errors';

/** The kinds of request Cognito counts per app client, each with its successes and throttles metrics. */
export const POOL_REQUEST_KINDS: { readonly [kind: string]: { readonly title: string; readonly schema: string } } = {
  SignIn: { title: 'Sign-ins', schema: 'UserPool, UserPoolClient' },
  SignUp: { title: 'Sign-ups', schema: 'UserPool, UserPoolClient' },
  TokenRefresh: { title: 'Token refreshes', schema: 'UserPool, UserPoolClient' },
  Federation: { title: 'Federated sign-ins', schema: 'IdentityProvider, UserPool, UserPoolClient' },
};

/** The threat protection metrics, with their dimensions. */
export const RISK_METRICS: { readonly [metricName: string]: string } = {
  Risk: 'Operation, UserPoolId',
  NoRisk: 'Operation, UserPoolId',
  AccountTakeoverRisk: 'Operation, RiskLevel, UserPoolId',
  CompromisedCredentialRisk: 'Operation, RiskLevel, UserPoolId',
  OverrideBlock: 'Operation, RiskLevel, UserPoolId',
};

/** The period a pool metric has when none is given. */
export const POOL_METRIC_PERIOD = Duration.minutes(5);

/** The statistics a Metrics Insights query can compute, by the names CloudWatch's statistics have. */
const FUNCTIONS: { [statistic: string]: string } = {
  sum: 'SUM',
  samplecount: 'COUNT',
  n: 'COUNT',
  average: 'AVG',
  avg: 'AVG',
  minimum: 'MIN',
  min: 'MIN',
  maximum: 'MAX',
  max: 'MAX',
};

/** The options of `cloudwatch.MetricOptions` that a Metrics Insights query has no place for. */
const NOT_FOR_QUERIES = ['unit', 'account', 'region', 'stackAccount', 'stackRegion', 'id', 'visible'] as const;

/** A metric's dimension set and the dimension that names the pool in it. */
function schemaOf(metricName: string): { schema: string; poolDimension: string } {
  if (metricName in RISK_METRICS) return { schema: RISK_METRICS[metricName], poolDimension: 'UserPoolId' };
  const kind = /^(\w+?)(Successes|Throttles)$/.exec(metricName)?.[1];
  if (kind !== undefined && kind in POOL_REQUEST_KINDS) return { schema: POOL_REQUEST_KINDS[kind].schema, poolDimension: 'UserPool' };
  throw new Error(`poolMetric: '${metricName}' is not a user pool metric of this library`);
}

/**
 * A metric of the whole user pool `userPoolId`: the Metrics Insights query that sums `metricName` over every app
 * client (or operation and risk level). Of `options`: `statistic` becomes the query's function (Sum by default;
 * SampleCount, Average, Minimum and Maximum too), `period` the query's period (5 minutes by default), `label` its label
 * (the metric's name by default), `color` its color, and each entry of `dimensionsMap` a filter (`AND <key> = '<value>'`)
 * on another dimension of the metric, such as one app client (`UserPoolClient`). The others have no place in a query.
 * `method` names the caller in errors.
 */
export function poolMetric(
  method: string,
  userPoolId: string,
  metricName: string,
  options: cloudwatch.MetricOptions = {},
): cloudwatch.MathExpression {
  const { schema, poolDimension } = schemaOf(metricName);
  const unsupported = NOT_FOR_QUERIES.filter((key) => options[key] !== undefined);
  if (unsupported.length > 0) {
    throw new ConfigError(
      `${method}: ${unsupported.join(', ')} cannot be set on a metric of the whole pool, a CloudWatch Metrics Insights query: ` +
        'give statistic, period, label, color or dimensionsMap',
    );
  }
  const statistic = options.statistic ?? 'Sum';
  const fn = FUNCTIONS[statistic.toLowerCase()];
  if (fn === undefined) {
    throw new ConfigError(
      `${method}: statistic '${statistic}' cannot be computed by a CloudWatch Metrics Insights query: ` +
        'use Sum, SampleCount, Average, Minimum or Maximum',
    );
  }
  const dimensions = schema.split(', ');
  let where = `${poolDimension} = '${userPoolId}'`;
  for (const [key, value] of Object.entries(options.dimensionsMap ?? {})) {
    if (key === poolDimension || !dimensions.includes(key)) {
      const others = dimensions.filter((d) => d !== poolDimension).join(', ');
      throw new ConfigError(
        `${method}: dimensionsMap has '${key}', which is not a dimension to filter ${metricName} by: its dimensions besides the pool's are ${others}`,
      );
    }
    if (!Token.isUnresolved(value) && value.includes("'")) {
      throw new ConfigError(`${method}: dimensionsMap['${key}'] '${value}' has a quote, which a Metrics Insights filter cannot hold`);
    }
    where += ` AND ${key} = '${value}'`;
  }
  return new cloudwatch.MathExpression({
    expression: `SELECT ${fn}(${metricName}) FROM SCHEMA("AWS/Cognito", ${schema}) WHERE ${where}`,
    label: options.label ?? metricName,
    period: options.period ?? POOL_METRIC_PERIOD,
    usingMetrics: {},
    ...(options.color !== undefined ? { color: options.color } : {}),
  });
}

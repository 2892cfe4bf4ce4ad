// The checks of the production parts' options, each taking `prefix`: where the options sit in the caller's props
// ('userActivityLogs.', 'firewall.', 'monitoring.', or '' in a construct's own props).
import { CfnResource, Resource, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct, IConstruct } from 'constructs';
import { ConfigError } from '../../private/errors';
import { validateUnique } from '../../private/validators';
import { AuthEventsDestinationKind, UserActivityLogsOptions } from '../activity-logs-options';
import { FirewallRulesOptions, FirewallTarget, UserPoolFirewallOptions } from '../firewall-options';
import type { MonitoringOptions } from '../monitoring-options';

/** The region and account of a construct's stack, when both are known. */
function envOf(x: IConstruct): { region?: string; account?: string } {
  const env = (x as Resource).env ?? Stack.of(x);
  return {
    region: env.region && !Token.isUnresolved(env.region) ? env.region : undefined,
    account: env.account && !Token.isUnresolved(env.account) ? env.account : undefined,
  };
}

/**
 * The checks of `userActivityLogs` that need nothing but the props and the pool's stack: the destination's region
 * and account, and a KMS key on a log group. `prefix` is where the options sit in the caller's props.
 */
export function validateUserActivityLogs(prefix: string, options: UserActivityLogsOptions, stack: Stack): void {
  const destination = options.authEvents;
  if (!options.messageDeliveryErrors && !destination) {
    const what = prefix ? `${prefix.replace(/\.$/, '')} exports nothing` : 'nothing to export';
    throw new ConfigError(`${what}: set messageDeliveryErrors, authEvents or both`);
  }
  if (!destination) return;
  const target: IConstruct | undefined = destination.logGroup ?? destination.bucket ?? destination.deliveryStream;
  if (!target) return;
  const here = {
    region: Token.isUnresolved(stack.region) ? undefined : stack.region,
    account: Token.isUnresolved(stack.account) ? undefined : stack.account,
  };
  const there = envOf(target);
  const what =
    destination.kind === AuthEventsDestinationKind.CLOUDWATCH_LOGS
      ? 'log group'
      : destination.kind === AuthEventsDestinationKind.S3
        ? 'bucket'
        : 'Firehose stream';
  if (here.region && there.region && here.region !== there.region) {
    throw new ConfigError(
      `${prefix}authEvents: the ${what} '${target.node.path}' is in ${there.region}, but the user pool is in ${here.region}: Cognito delivers a ` +
        `pool's logs to destinations in the pool's region`,
    );
  }
  if (destination.kind === AuthEventsDestinationKind.CLOUDWATCH_LOGS && here.account && there.account && here.account !== there.account) {
    throw new ConfigError(
      `${prefix}authEvents: the log group '${target.node.path}' is in account ${there.account}, but the user pool is in ${here.account}: Cognito ` +
        `delivers to log groups of the pool's account only`,
    );
  }
  const cfnBucket = destination.bucket?.node.defaultChild;
  if (cfnBucket instanceof s3.CfnBucket) {
    const rules = stack.resolve((cfnBucket.bucketEncryption as s3.CfnBucket.BucketEncryptionProperty | undefined)?.serverSideEncryptionConfiguration);
    const byDefault = Array.isArray(rules) ? rules[0]?.serverSideEncryptionByDefault : undefined;
    if (byDefault?.sseAlgorithm === 'aws:kms' && byDefault.kmsMasterKeyId === undefined) {
      throw new ConfigError(
        `${prefix}authEvents: the bucket '${destination.bucket!.node.path}' is encrypted with the AWS managed key aws/s3, which log delivery ` +
          `cannot use: encrypt it with S3-managed keys or a customer managed KMS key`,
      );
    }
  }
  const cfnLogGroup = destination.logGroup?.node.defaultChild;
  if (cfnLogGroup instanceof CfnResource && cfnLogGroup instanceof logs.CfnLogGroup && cfnLogGroup.kmsKeyId !== undefined) {
    throw new ConfigError(
      `${prefix}authEvents: the log group '${destination.logGroup!.node.path}' is encrypted with a KMS key: Cognito cannot deliver to a ` +
        `KMS-encrypted log group (CloudWatch Logs encrypts every log group at rest without one)`,
    );
  }
}

/** Cognito refuses a web ACL with this group (developer guide, "Associate an AWS WAF web ACL with a user pool"). */
const ATP_RULE_GROUP = 'AWSManagedRulesATPRuleSet';

/** WAF's bounds on a rate-based rule (WAF API reference, RateBasedStatement). */
const RATE_LIMIT_MIN = 10;
const RATE_LIMIT_MAX = 2_000_000_000;
const RATE_WINDOWS_SECONDS = [60, 120, 300, 600];
const RULE_NAME = /^[0-9A-Za-z_-]{1,128}$/;

/** Checks the rule props against WAF's bounds; `prefix` is where they sit in the caller's props ('firewall.' or ''). */
export function validateFirewallRules(prefix: string, options: FirewallRulesOptions, target: FirewallTarget): void {
  const limit = options.rateLimit;
  if (limit !== undefined && !Token.isUnresolved(limit) && (!Number.isInteger(limit) || limit < RATE_LIMIT_MIN || limit > RATE_LIMIT_MAX)) {
    throw new ConfigError(`${prefix}rateLimit ${limit} is invalid: AWS WAF takes an integer from ${RATE_LIMIT_MIN} to ${RATE_LIMIT_MAX}`);
  }
  const window = options.rateLimitWindow;
  if (window !== undefined && !RATE_WINDOWS_SECONDS.includes(window.toSeconds({ integral: false }))) {
    throw new ConfigError(`${prefix}rateLimitWindow ${window.toHumanString()} is invalid: AWS WAF counts in windows of 1, 2, 5 or 10 minutes`);
  }
  const groups = options.managedRuleGroups ?? [];
  validateUnique(`${prefix}managedRuleGroups`, groups.map((g) => `${g.vendor ?? 'AWS'}/${g.name}`));
  groups.forEach((group, i) => {
    const rule = `${group.vendor ?? 'AWS'}-${group.name}`;
    if (target === FirewallTarget.USER_POOL && (group.vendor ?? 'AWS') === 'AWS' && group.name === ATP_RULE_GROUP) {
      throw new ConfigError(`${prefix}managedRuleGroups[${i}] is ${ATP_RULE_GROUP}: Cognito refuses a web ACL with AWS WAF's account takeover ` +
        `prevention; use threat protection (featurePlan PLUS) instead`);
    }
    if (!RULE_NAME.test(rule)) {
      throw new ConfigError(`${prefix}managedRuleGroups[${i}] '${group.name}' makes the rule name '${rule}': WAF rule names are 1-128 letters, ` +
        `digits, _ and -`);
    }
    (group.countRules ?? []).forEach((name, j) => {
      if (!RULE_NAME.test(name)) {
        throw new ConfigError(`${prefix}managedRuleGroups[${i}].countRules[${j}] '${name}' is not a rule name: WAF rule names are 1-128 letters, ` +
          `digits, _ and -`);
      }
    });
  });
}

/**
 * Checks `firewall.webAclArn` (your own web ACL) for what WAF refuses: a CloudFront (global) web ACL, or one in
 * another region than the pool. An ARN that is a token is not known until deploy and is not checked.
 */
export function validateUserPoolWebAclArn(scope: Construct, options: UserPoolFirewallOptions): void {
  const arn = options.webAclArn;
  if (arn === undefined || Token.isUnresolved(arn)) return;
  const parts = /^arn:aws[a-z-]*:wafv2:([a-z0-9-]*):(\d{12}):(regional|global)\/webacl\/[^/]+\/[^/]+$/.exec(arn);
  if (!parts) {
    throw new ConfigError(`firewall.webAclArn '${arn}' is not a web ACL ARN: expected arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`);
  }
  if (parts[3] === 'global') {
    throw new ConfigError(`firewall.webAclArn '${arn}' is a CloudFront (global) web ACL: a user pool takes a regional web ACL (scope REGIONAL) in ` +
      `its own region`);
  }
  const region = Stack.of(scope).region;
  if (!Token.isUnresolved(region) && parts[1] !== region) {
    throw new ConfigError(`firewall.webAclArn '${arn}' is in ${parts[1]}, but the user pool is in ${region}: WAF associates a web ACL with ` +
      `resources in its own region only`);
  }
}

/** The rule props of `firewall` that `webAclArn` (your own ACL) leaves nothing to apply to. */
export function rulePropsWithOwnAcl(options: UserPoolFirewallOptions): string[] {
  const props: (keyof FirewallRulesOptions)[] = ['managedRuleGroups', 'rateLimit', 'rateLimitWindow', 'rateLimitCountOnly'];
  return options.webAclArn === undefined ? [] : props.filter((p) => options[p] !== undefined);
}

/** Checks the thresholds and the period; `prefix` is where the options sit in the caller's props. */
export function validateMonitoring(prefix: string, options: MonitoringOptions): void {
  const counts: (keyof MonitoringOptions)[] = ['functionErrorsThreshold', 'functionThrottlesThreshold', 'poolThrottlesThreshold', 'riskThreshold'];
  for (const key of counts) {
    const value = options[key] as number | undefined;
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new ConfigError(`${prefix}${key} ${value} is invalid: use a whole number of at least 1`);
    }
  }
  const period = options.period;
  if (period !== undefined) {
    const seconds = period.toSeconds({ integral: false });
    if (seconds < 60 || seconds > 3 * 3600 || seconds % 60 !== 0) {
      throw new ConfigError(
        `${prefix}period ${period.toHumanString()} is invalid: use whole minutes from 1 minute to 3 hours (CloudWatch evaluates alarms on Metrics ` +
          `Insights queries over the latest 3 hours only)`,
      );
    }
  }
  const duration = options.functionDurationThreshold;
  if (duration !== undefined) {
    const ms = duration.toMilliseconds({ integral: false });
    if (ms < 100 || ms > 5000) {
      throw new ConfigError(`${prefix}functionDurationThreshold ${duration.toHumanString()} is invalid: use 100 ms to 5 seconds (Cognito waits 5 ` +
        `seconds for a trigger)`);
    }
  }
  if (options.riskThreshold !== undefined && options.riskAlarm === false) {
    throw new ConfigError(`${prefix}riskThreshold is set, but ${prefix}riskAlarm is false: there is no risk alarm to use it`);
  }
  if (options.dashboardName !== undefined && options.dashboard === false) {
    throw new ConfigError(`${prefix}dashboardName is set, but ${prefix}dashboard is false: there is no dashboard to name`);
  }
  if (options.alarmTopic && options.createAlarmTopic) {
    throw new ConfigError(`${prefix}alarmTopic is given and ${prefix}createAlarmTopic is true: use one of them`);
  }
}

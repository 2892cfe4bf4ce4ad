import { Resource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { UserActivityLogs, UserActivityLogsOptions, validateUserActivityLogs } from '../operations/activity-logs';
import { AuthWebAcl, FirewallTarget, rulePropsWithOwnAcl, UserPoolFirewallOptions, validateFirewallRules, validateUserPoolWebAclArn } from '../operations/firewall';
import { AuthMonitoring, MonitoringOptions, validateMonitoring } from '../operations/monitoring';
import type { AuthUserPool } from '../user-pool';
import { logDeliveryStatements, recordLogExport } from './key-policy';
import { ConfigError } from './validate';
import { preChecked } from './props-check';

/** The production parts of `CognitoAuth`: user activity logs, the firewall, alarms and the dashboard. */
export interface OperationsOptions {
  readonly userActivityLogs?: UserActivityLogsOptions;
  readonly firewall?: UserPoolFirewallOptions;
  readonly monitoring?: MonitoringOptions;
}

export interface Operations {
  readonly activityLogs?: UserActivityLogs;
  readonly webAcl?: AuthWebAcl;
  readonly webAclAssociation?: wafv2.CfnWebACLAssociation;
  readonly monitoring?: AuthMonitoring;
}

/** The plan and threat protection that authentication events and risk metrics need, or an error naming the prop. */
function needsThreatProtection(prop: string, what: string, pool: AuthUserPool): void {
  if (pool.featurePlan !== cognito.FeaturePlan.PLUS) {
    throw new ConfigError(`${prop} needs featurePlan PLUS: Cognito produces ${what} with threat protection, which only Plus has; featurePlan is '${pool.featurePlan}'`);
  }
  if (!pool.threatProtectionActive) {
    throw new ConfigError(`${prop} needs threat protection in audit-only or full-function mode to produce ${what}, but threatProtection is NO_ENFORCEMENT and customThreatProtection is not set`);
  }
}

/** Checks every option first, then creates what is asked for; functions are added to the monitoring as they come. */
export function wireOperations(scope: Construct, options: OperationsOptions, pool: AuthUserPool, functions: Map<string, lambda.IFunction>): Operations {
  const regional = wireRegionalOperations(scope, options, pool, pool.userPool.userPoolArn);
  const monitoringOptions = options.monitoring;
  if (monitoringOptions) {
    validateMonitoring('monitoring.', monitoringOptions);
    if (monitoringOptions.riskAlarm) needsThreatProtection('monitoring.riskAlarm', 'risk metrics', pool);
  }
  let monitoring: AuthMonitoring | undefined;
  if (monitoringOptions) {
    monitoring = new AuthMonitoring(scope, 'Monitoring', {
      ...monitoringOptions,
      riskAlarm: monitoringOptions.riskAlarm ?? (pool.featurePlan === cognito.FeaturePlan.PLUS && pool.threatProtectionActive),
      userPool: pool.userPool,
    });
    for (const [operation, fn] of functions) monitoring.addFunction(`Trigger ${operation}`, fn);
    if (regional.webAcl) monitoring.addFirewall('Sign-in firewall', regional.webAcl);
  }
  return { ...regional, monitoring };
}

/**
 * The parts Cognito sets per region (the log export and the web ACL), for the pool in its own region or for a replica
 * (`poolArn`: the pool's ARN in that region). Checked first, then created in `scope`.
 */
export function wireRegionalOperations(scope: Construct, options: OperationsOptions, pool: AuthUserPool, poolArn: string): Operations {
  const logsOptions = options.userActivityLogs;
  if (logsOptions) {
    validateUserActivityLogs('userActivityLogs.', logsOptions, Stack.of(scope));
    if (logsOptions.authEvents) needsThreatProtection('userActivityLogs.authEvents', 'authentication events', pool);
  }
  const firewall = options.firewall;
  if (firewall) {
    validateUserPoolWebAclArn(scope, firewall);
    const ignored = rulePropsWithOwnAcl(firewall);
    if (ignored.length > 0) {
      throw new ConfigError(`firewall.webAclArn is your own web ACL, so ${ignored.map((p) => `firewall.${p}`).join(', ')} would not apply: set the rules on your web ACL, or leave out webAclArn`);
    }
    validateFirewallRules('firewall.', firewall, FirewallTarget.USER_POOL);
  }

  // For a replica, the pool as its ARN in the replica's region names it (the same pool id).
  const userPool = poolArn === pool.userPool.userPoolArn ? pool.userPool : cognito.UserPool.fromUserPoolArn(scope, 'ReplicaPool', poolArn);
  const activityLogs = logsOptions ? new UserActivityLogs(scope, 'UserActivityLogs', { ...logsOptions, userPool }) : undefined;
  const key = pool.encryptionKey;
  if (activityLogs && key && userPool === pool.userPool) {
    // A pool encrypted with a customer managed key encrypts its exported logs with the key of the region (the Cognito
    // guide's "Data protection in Amazon Cognito"): here the pool's own key. A replica region's key is AuthReplicaRegion's.
    if (Resource.isOwnedResource(key)) {
      for (const statement of logDeliveryStatements(key)) key.addToResourcePolicy(statement);
    } else {
      recordLogExport(pool);
    }
  }

  let webAcl: AuthWebAcl | undefined;
  let webAclAssociation: wafv2.CfnWebACLAssociation | undefined;
  if (firewall?.webAclArn) {
    webAclAssociation = new wafv2.CfnWebACLAssociation(scope, 'FirewallAssociation', { resourceArn: poolArn, webAclArn: firewall.webAclArn });
  } else if (firewall) {
    webAcl = new AuthWebAcl(scope, 'Firewall', preChecked({ ...firewall, target: FirewallTarget.USER_POOL }));
    webAclAssociation = webAcl.associate('UserPool', poolArn);
  }
  return { activityLogs, webAcl, webAclAssociation };
}

// How a user pool's production parts (user activity logs, the firewall, alarms and the dashboard) are checked and
// created for the constructs that compose them: CognitoAuth, in the pool's region, and AuthReplicaRegion, in a
// replica's. Not part of the package's API (the index does not export it).
import { Resource, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { ConfigError } from '../private/errors';
import { logDeliveryStatements, recordLogExport } from '../private/key-policy';
import { preChecked } from '../private/props-check';
import { UserActivityLogs } from './activity-logs';
import type { UserActivityLogsOptions } from './activity-logs-options';
import { AuthWebAcl } from './firewall';
import { FirewallTarget, UserPoolFirewallOptions } from './firewall-options';
import { AuthMonitoring } from './monitoring';
import type { AuthRiskConfiguration } from './risk-configuration';
import type { ThreatProtectionRulesOptions } from './risk-configuration-options';
import { RiskClients, RiskPool, wireRiskConfiguration } from './risk-wiring';
import type { MonitoringOptions } from './monitoring-options';
import {
  rulePropsWithOwnAcl,
  validateFirewallRules,
  validateMonitoring,
  validateUserActivityLogs,
  validateUserPoolWebAclArn,
} from './private/checks';

/** What the production parts need of the pool: an `AuthUserPool` is one. */
export interface OperatedPool extends IConstruct, RiskPool {
  readonly userPool: cognito.UserPool;
  readonly featurePlan: cognito.FeaturePlan;
  readonly threatProtectionActive: boolean;
  readonly encryptionKey?: kms.IKey;
}

/** The production parts of `CognitoAuth`: user activity logs, the firewall, alarms and the dashboard. */
export interface OperationsOptions {
  readonly userActivityLogs?: UserActivityLogsOptions;
  readonly firewall?: UserPoolFirewallOptions;
  readonly monitoring?: MonitoringOptions;
  readonly threatProtectionRules?: ThreatProtectionRulesOptions;
}

export interface Operations {
  readonly activityLogs?: UserActivityLogs;
  readonly webAcl?: AuthWebAcl;
  readonly webAclAssociation?: wafv2.CfnWebACLAssociation;
  readonly monitoring?: AuthMonitoring;
  readonly riskConfigurations?: AuthRiskConfiguration[];
}

/** The plan and threat protection that authentication events and risk metrics need, or an error naming the prop. */
function needsThreatProtection(prop: string, what: string, pool: OperatedPool): void {
  if (pool.featurePlan !== cognito.FeaturePlan.PLUS) {
    throw new ConfigError(`${prop} needs featurePlan PLUS: Cognito produces ${what} with threat protection, which only Plus has; featurePlan is ` +
      `'${pool.featurePlan}'`);
  }
  if (!pool.threatProtectionActive) {
    throw new ConfigError(`${prop} needs threat protection in audit-only or full-function mode to produce ${what}, but threatProtection is ` +
      `NO_ENFORCEMENT and customThreatProtection is not set`);
  }
}

/** Checks every option first, then creates what is asked for; functions are added to the monitoring as they come. */
export function wireOperations(
  scope: Construct,
  options: OperationsOptions,
  pool: OperatedPool,
  functions: Map<string, lambda.IFunction>,
  clients: RiskClients,
): Operations {
  const regional = wireRegionalOperations(scope, options, pool, pool.userPool.userPoolArn);
  const riskConfigurations = wireRiskConfiguration(scope, options.threatProtectionRules, pool, clients);
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
  return { ...regional, monitoring, riskConfigurations };
}

/**
 * The parts Cognito sets per region (the log export and the web ACL), for the pool in its own region or for a replica
 * (`poolArn`: the pool's ARN in that region). Checked first, then created in `scope`.
 */
export function wireRegionalOperations(scope: Construct, options: OperationsOptions, pool: OperatedPool, poolArn: string): Operations {
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
      throw new ConfigError(`firewall.webAclArn is your own web ACL, so ${ignored.map((p) => `firewall.${p}`).join(', ')} would not apply: set the ` +
        `rules on your web ACL, or leave out webAclArn`);
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

export { AuthEventsDestination, AuthEventsDestinationKind, UserActivityLogs } from './activity-logs';
export type { UserActivityLogsOptions, UserActivityLogsProps } from './activity-logs';
export { AuthWebAcl, FirewallTarget } from './firewall';
export type { AuthWebAclProps, FirewallRulesOptions, ManagedRuleGroupOptions, UserPoolFirewallOptions } from './firewall';
export { AuthMonitoring } from './monitoring';
export type { AuthMonitoringProps, MonitoringOptions } from './monitoring';

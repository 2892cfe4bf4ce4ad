export * from './activity-logs-options';
export * from './activity-logs';
export * from './firewall-options';
export * from './firewall';
export * from './monitoring-options';
export * from './monitoring';
export * from './risk-configuration-options';
export * from './risk-configuration';

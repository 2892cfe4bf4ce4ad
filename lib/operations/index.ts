export * from './activity-logs';
export * from './firewall-options';
export * from './firewall';
export * from './monitoring';

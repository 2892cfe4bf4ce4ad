export * from './activity-logs';
export * from './firewall';
export * from './monitoring';

export * from './identity-pool-options';
export * from './role-mapping';
export * from './identity-pool';
export * from './identity-pool-role';

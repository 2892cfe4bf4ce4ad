export * from './role-mapping';
export * from './identity-pool';

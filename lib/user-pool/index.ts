export * from './user-pool-options';
export * from './user-pool';
export * from './sign-in-methods';
export * from './multi-region-options';

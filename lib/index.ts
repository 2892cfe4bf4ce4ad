export * from './app-clients';
export * from './authorizers';
export * from './cognito-auth';
export * from './groups';
export * from './hosted-domain';
export * from './identity-pool';
export * from './user-pool';
export * from './triggers';

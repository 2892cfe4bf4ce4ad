// The package's API: each folder's index and each single-file part, nothing else.
export * from './cognito-auth';
export * from './user-pool';
export * from './app-client';
export * from './hosted-domain';
export * from './groups';
export * from './identity-providers';
export * from './identity-pool';
export * from './function-options';
export * from './triggers';
export * from './authorizers';
export * from './operations';
export * from './frontend-config';
export * from './snapshot';
export * from './upgrade-check';
export * from './smoke-check';
export * from './user-import';

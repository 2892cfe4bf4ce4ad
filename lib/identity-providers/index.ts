export * from './provider-options';
export * from './identity-provider';
export * from './identity-providers';

export * from './options';
export * from './provider';
export * from './identity-providers';

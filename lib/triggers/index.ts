export * from './options';
export * from './pre-sign-up';
export * from './post-confirmation';
export * from './pre-token-generation';
export * from './triggers-options';

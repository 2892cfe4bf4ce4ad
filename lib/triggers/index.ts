export * from './triggers-options';
export * from './pre-sign-up';
export * from './post-confirmation';
export * from './pre-token-generation';
export * from './message-templates';
export * from './custom-message';
export * from './custom-senders';

export * from './cognito-auth-interface';
export * from './cognito-auth-props';
export * from './cognito-auth';
export * from './replica-region';

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createLogger } from '../shared/log';
import { createHandler, parsePreSignUpConfig } from './handler';

// Wired once, at cold start: config parsed and checked, SDK client created.
export const handler = createHandler({
  config: parsePreSignUpConfig(process.env),
  cognito: new CognitoIdentityProviderClient({}),
  log: createLogger(),
});

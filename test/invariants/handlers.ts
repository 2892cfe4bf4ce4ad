import { parseEmailSenderConfig } from '../../lambda/custom-email-sender/handler';
import { parseCustomMessageConfig } from '../../lambda/custom-message/handler';
import { parseInboundFederationConfig } from '../../lambda/inbound-federation/handler';
import { parseSmsSenderConfig } from '../../lambda/custom-sms-sender/handler';
import { parseAuthorizerConfig } from '../../lambda/jwt-authorizer/handler';
import { parseHashMigrationConfig } from '../../lambda/migrate-from-hashes/handler';
import { parseHttpMigrationConfig } from '../../lambda/migrate-from-http/handler';
import { parsePoolMigrationConfig } from '../../lambda/migrate-from-pool/handler';
import { parsePostConfirmationConfig } from '../../lambda/post-confirmation/handler';
import { parsePreSignUpConfig } from '../../lambda/pre-signup/handler';
import { parsePreTokenConfig } from '../../lambda/pre-token-generation/handler';
import { CONFIG_ENV } from '../../lib/private/handler-config';
import { bundledFunctions, triggerConfigOf, type Templates } from './templates';

/** Each bundled function's own parser, by the words its description starts with. */
const PARSERS: [string, (env: NodeJS.ProcessEnv) => unknown][] = [
  ['Cognito pre sign-up trigger', parsePreSignUpConfig],
  ['Cognito post confirmation trigger', parsePostConfirmationConfig],
  ['Cognito pre token generation trigger', parsePreTokenConfig],
  ['API Gateway JWT authorizer', parseAuthorizerConfig],
  ['Cognito custom message trigger', parseCustomMessageConfig],
  ['Cognito custom email sender trigger', parseEmailSenderConfig],
  ['Cognito custom SMS sender trigger', parseSmsSenderConfig],
  ['Cognito inbound federation trigger', parseInboundFederationConfig],
  ['Cognito user migration trigger, from another user pool', parsePoolMigrationConfig],
  ['Cognito user migration trigger, from an HTTPS endpoint', parseHttpMigrationConfig],
  ['Cognito user migration trigger, from a table of password hashes', parseHashMigrationConfig],
];

/**
 * Invariant: every bundled function's configuration is read without error by its own handler's parser (the one it
 * runs at cold start), so no combination of props deploys a function that fails on its first call. A bundled
 * function that no parser claims is a violation too.
 */
export function handlersReadTheirConfig(templates: Templates): string[] {
  const violations: string[] = [];
  for (const fn of bundledFunctions(templates)) {
    const parser = PARSERS.find(([start]) => fn.description.startsWith(start))?.[1];
    if (!parser) {
      violations.push(`${fn.stack}/${fn.id}: the bundled function '${fn.description}' has no parser in this invariant`);
      continue;
    }
    try {
      const config = triggerConfigOf(fn.resource);
      parser({ [CONFIG_ENV]: JSON.stringify(config ?? null) });
    } catch (err) {
      violations.push(`${fn.stack}/${fn.id}: its handler cannot read its config: ${(err as Error).message}`);
    }
  }
  return violations;
}

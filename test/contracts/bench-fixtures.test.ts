/**
 * The benchmark's fixtures (scripts/bench/fixtures.cjs) configure each bundled handler as a deploy would: each
 * configuration must be one the handler's own parser reads, or the benchmark stops at that handler's cold start
 * instead of measuring it. (The benchmark itself is never run by the tests: speed is its business, not theirs.)
 */
import { parseEmailSenderConfig } from '../../lambda/custom-email-sender/handler';
import { parseCustomMessageConfig } from '../../lambda/custom-message/handler';
import { parseSmsSenderConfig } from '../../lambda/custom-sms-sender/handler';
import { parseInboundFederationConfig } from '../../lambda/inbound-federation/handler';
import { parseAuthorizerConfig } from '../../lambda/jwt-authorizer/handler';
import { parseHashMigrationConfig } from '../../lambda/migrate-from-hashes/handler';
import { parseHttpMigrationConfig } from '../../lambda/migrate-from-http/handler';
import { parsePoolMigrationConfig } from '../../lambda/migrate-from-pool/handler';
import { parsePostConfirmationConfig } from '../../lambda/post-confirmation/handler';
import { parsePreSignUpConfig } from '../../lambda/pre-signup/handler';
import { parsePreTokenConfig } from '../../lambda/pre-token-generation/handler';
import { CONFIG_ENV } from '../../lib/private/handler-config';

const { CONFIGS, fixture } = require('../../scripts/bench/fixtures.cjs') as {
  CONFIGS: { [handler: string]: string[] };
  fixture: (handler: string, config: string) => { config: unknown };
};

const PARSERS: { [handler: string]: (env: NodeJS.ProcessEnv) => unknown } = {
  'pre-signup': parsePreSignUpConfig,
  'post-confirmation': parsePostConfirmationConfig,
  'pre-token-generation': parsePreTokenConfig,
  'jwt-authorizer': parseAuthorizerConfig,
  'custom-message': parseCustomMessageConfig,
  'custom-email-sender': parseEmailSenderConfig,
  'custom-sms-sender': parseSmsSenderConfig,
  'inbound-federation': parseInboundFederationConfig,
  'migrate-from-pool': parsePoolMigrationConfig,
  'migrate-from-http': parseHttpMigrationConfig,
  'migrate-from-hashes': parseHashMigrationConfig,
};

test('every benchmarked handler has its parser here', () => {
  expect(Object.keys(CONFIGS).sort()).toEqual(Object.keys(PARSERS).sort());
});

test.each(Object.entries(CONFIGS).flatMap(([handler, configs]) => configs.map((config) => [handler, config])))(
  "the benchmark's %s fixture '%s' is a configuration its handler reads", (handler, config) => {
    const { config: value } = fixture(handler, config);
    expect(() => PARSERS[handler]({ [CONFIG_ENV]: JSON.stringify(value) })).not.toThrow();
  });

import { CfnOutput, Lazy, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { type AppClient } from '../../app-client/app-client';
import { ClientKind } from '../../app-client/app-client-options';
import type { FrontendClientConfig, FrontendConfig } from '../../frontend-config';
import type { FrontendConfigOptions } from '../cognito-auth-props';
import type { HostedDomain } from '../../hosted-domain';
import type { GroupRoleIdentityPool } from '../../identity-pool';
import { issuerUrl } from '../../private/issuer';
import { ConfigError } from '../../private/errors';
import { validateSsmParameterName } from '../../private/validators';

/** What the front-end config is made of. */
export interface FrontendParts {
  readonly userPool: cognito.IUserPool;
  readonly clients: Iterable<AppClient>;
  /** A client left out (the smoke check's). */
  readonly hiddenClient: string;
  readonly domain?: HostedDomain;
  readonly identityPool?: GroupRoleIdentityPool;
  readonly apiUrls: Map<string, string>;
  /** The pool's first factors (PASSWORD, EMAIL_OTP, ...) and passkey relying party. */
  readonly signIn: { readonly signInMethodNames: string[]; readonly passkeyRelyingPartyId?: string; readonly replicaRegions: string[] };
}

/**
 * The front-end config: region, user pool id, issuer, the public clients (ids, scopes, redirect URLs, providers), the
 * hosted domain, the identity pool id and the API URLs. Server and hidden clients are left out.
 */
export function buildFrontendConfig(scope: Construct, parts: FrontendParts): FrontendConfig {
  const clients: { [name: string]: FrontendClientConfig } = {};
  for (const client of parts.clients) {
    if (client.kind === ClientKind.SERVER || client.name === parts.hiddenClient) continue;
    clients[client.name] = {
      clientId: client.clientId,
      scopes: client.oauth ? [...client.scopeNames] : [],
      redirectSignIn: [...client.callbackUrls],
      redirectSignOut: [...client.logoutUrls],
      identityProviders: [...client.identityProviderNames],
      choiceBasedSignIn: client.choiceBasedSignIn,
    };
  }
  return {
    version: 1,
    region: Stack.of(scope).region,
    userPoolId: parts.userPool.userPoolId,
    issuer: issuerUrl(parts.userPool),
    signInMethods: [...parts.signIn.signInMethodNames],
    passkeyRelyingPartyId: parts.signIn.passkeyRelyingPartyId,
    regions: parts.signIn.replicaRegions.length > 0
      ? [Stack.of(scope).region, ...parts.signIn.replicaRegions].map((region, i) => ({
        region,
        primary: i === 0,
        endpoint: `https://cognito-idp.${region}.${Stack.of(scope).urlSuffix}`,
      }))
      : undefined,
    clients,
    domain: parts.domain ? { hostname: parts.domain.hostname, baseUrl: parts.domain.baseUrl } : undefined,
    identityPoolId: parts.identityPool?.identityPoolId,
    apis: Object.fromEntries(parts.apiUrls),
  };
}

/** An API URL for the front-end config: a new name, an https URL, and a value of the outputs' own stack. */
export function validateApiUrl(scope: Construct, known: Map<string, string>, name: string, url: string): void {
  if (known.has(name)) {
    throw new ConfigError(`addApiUrl: '${name}' is added more than once: names must be unique`);
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new ConfigError(`addApiUrl: name '${name}' is invalid: use 1 to 64 letters, digits, '-' and '_'`);
  }
  // The URL goes into this stack's outputs. An API in another stack depends on this one (its authorizer needs the
  // pool), so a reference back to it would make a cycle that breaks synth.
  const foreign = Tokenization.reverseString(url)
    .tokens.filter((t): t is Reference => Reference.isReference(t))
    .map((t) => Stack.of(t.target))
    .find((stack) => stack !== Stack.of(scope));
  if (foreign) {
    throw new ConfigError(
      `addApiUrl: the url of '${name}' comes from the stack '${foreign.stackName}', not from '${Stack.of(scope).stackName}', which holds this ` +
        `construct's outputs: that stack depends on this one, so the reference back would be a cycle; output the URL in '${foreign.stackName}' ` +
          `instead (the smoke check takes it with --api-url)`,
    );
  }
  if (!Token.isUnresolved(url) && !/^https:\/\/[^/\s]+/.test(url)) {
    throw new ConfigError(`addApiUrl: url '${url}' of '${name}' is invalid: an API URL must start with https://`);
  }
}

/**
 * The `FrontendConfig` output (with `outputs` on) and the SSM parameter (with a name), both holding the config as
 * JSON produced at synth, so clients, groups and API URLs added later are in it.
 */
export function outputFrontendConfig(
  scope: Construct,
  config: () => FrontendConfig,
  outputs: boolean,
  options: FrontendConfigOptions | undefined,
): ssm.StringParameter | undefined {
  const configJson = Lazy.string({ produce: () => Stack.of(scope).toJsonString(config()) });
  if (outputs) {
    new CfnOutput(scope, 'FrontendConfig', { value: configJson, description: 'Front-end config (JSON): region, pool, public clients, domain, ' +
      'identity pool, APIs' });
  }
  const parameterName = options?.ssmParameterName;
  if (parameterName === undefined) return undefined;
  validateSsmParameterName('frontendConfig.ssmParameterName', parameterName);
  return new ssm.StringParameter(scope, 'FrontendConfigParameter', {
    parameterName,
    stringValue: configJson,
    description: 'Front-end config of the user pool (JSON)',
    tier: ssm.ParameterTier.STANDARD,
  });
}

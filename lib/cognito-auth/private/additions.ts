// The checks of what is added to a CognitoAuth under a name (app clients, groups), and the look-ups by name.
import { Annotations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { IConstruct } from 'constructs';
import type { AppClientOptions } from '../../app-client/app-client-options';
import type { GroupOptions } from '../../groups';
import type { HostedDomain } from '../../hosted-domain';
import { ConfigError } from '../../private/errors';
import { ADJUSTABLE_QUOTAS } from '../../private/limits';
import { validateDeclaredScopes } from './grantable-scopes';

/** What a new client is checked against. */
export interface ClientContext {
  readonly clients: Map<string, unknown>;
  readonly declaredScopes: Set<string>;
  readonly domain?: HostedDomain;
  readonly featurePlan: cognito.FeaturePlan;
}

/** A new client: a new name, declared scopes, terms only with managed login, choice-based sign-in not on Lite. */
export function checkNewClient(options: AppClientOptions, context: ClientContext): void {
  if (context.clients.has(options.name)) {
    throw new ConfigError(`clients has '${options.name}' more than once: names must be unique`);
  }
  validateDeclaredScopes(`clients['${options.name}']`, options.scopes ?? [], context.declaredScopes);
  if (options.terms && !context.domain?.managedLogin) {
    throw new ConfigError(`clients['${options.name}'].terms is set, but the pool has ${context.domain ? 'the classic hosted UI' : 'no domain'}: ` +
      `terms are shown by managed login only`);
  }
  if (options.authFlows?.user && context.featurePlan === cognito.FeaturePlan.LITE) {
    throw new ConfigError(`clients['${options.name}'].authFlows.user is true, but featurePlan is 'LITE': choice-based sign-in (ALLOW_USER_AUTH) ` +
      `needs ESSENTIALS or PLUS`);
  }
}

/** Once, when the pool passes Cognito's default quota of app clients (adjustable, so a warning). */
export function warnPastClientQuota(scope: IConstruct, count: number): void {
  if (count === ADJUSTABLE_QUOTAS.appClientsPerPool + 1) {
    Annotations.of(scope).addWarningV2(
      'cdk-cognito-auth:appClientQuota',
      `the pool has more than ${ADJUSTABLE_QUOTAS.appClientsPerPool} app clients: Cognito's default quota is ` +
        `${ADJUSTABLE_QUOTAS.appClientsPerPool} per user pool (adjustable); deploying fails unless the account's quota was raised`,
    );
  }
}

/** A new group: a new name, and scopes of declared resource servers. */
export function checkNewGroup(options: GroupOptions, groups: Map<string, unknown>, declaredScopes: Set<string>): void {
  if (groups.has(options.name)) {
    throw new ConfigError(`groups has '${options.name}' more than once: names must be unique`);
  }
  (options.scopes ?? []).forEach((scope, i) => {
    if (!declaredScopes.has(scope)) {
      throw new ConfigError(
        `groups['${options.name}'].scopes[${i}] '${scope}' is not a scope of any resource server; declared: ` +
          `${[...declaredScopes].join(', ') || '(none)'}`,
      );
    }
  });
}

/** The entry `name` of `map`, or an error naming what there is. */
export function lookup<T>(map: Map<string, T>, name: string, method: string, plural: string): T {
  const found = map.get(name);
  if (found === undefined) {
    throw new ConfigError(`${method}('${name}'): no such ${method === 'resourceServer' ? 'resource server' : method}; the ${plural} are: ` +
      `${[...map.keys()].join(', ') || '(none)'}`);
  }
  return found;
}

import * as cognito from 'aws-cdk-lib/aws-cognito';
import type { AppClient } from '../../app-client/app-client';
import type { UserGroup } from '../../groups';
import type { PreTokenGenerationTrigger } from '../../triggers/pre-token-generation';
import { ConfigError } from '../../private/errors';

/**
 * Each scope an authorizer or route requires must be one that some app client of the pool may be granted, or that a
 * group adds through the pre token generation trigger (V2 and V3 events): otherwise no access token can carry it.
 */
export function validateGrantableScopes(
  prop: string,
  scopes: string[],
  clients: Iterable<AppClient>,
  groups: Iterable<UserGroup>,
  preToken: PreTokenGenerationTrigger | undefined,
): void {
  const grantable = new Set<string>();
  for (const c of clients) if (c.oauth) c.scopeNames.forEach((s) => grantable.add(s));
  if (preToken && preToken.eventVersion !== cognito.LambdaVersion.V1_0) {
    for (const g of groups) g.scopes.forEach((s) => grantable.add(s));
  }
  scopes.forEach((scope, i) => {
    if (!grantable.has(scope)) {
      throw new ConfigError(
        `${prop} scopes[${i}] '${scope}' is granted to no app client of this pool, so no access token can carry it; grantable: ` +
          `${[...grantable].sort().join(', ') || '(none)'}`,
      );
    }
  });
}

/** Custom scopes ('identifier/scope') of a client must name a declared resource server and one of its scopes. */
export function validateDeclaredScopes(prop: string, scopes: cognito.OAuthScope[], declared: Set<string>): void {
  scopes.forEach((scope, i) => {
    const name = scope.scopeName;
    if (name.includes('/') && !declared.has(name)) {
      throw new ConfigError(`${prop}.scopes[${i}] '${name}' is not a scope of any resource server; declared: ` +
        `${[...declared].join(', ') || '(none)'}`);
    }
  });
}

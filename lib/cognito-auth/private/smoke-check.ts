import { CfnOutput, Lazy, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type { Construct } from 'constructs';
import type { AppClient } from '../../app-client/app-client';
import type { SmokeCheckConfig } from '../../frontend-config';
import type { UserGroup } from '../../groups';
import { type GroupRoleIdentityPool, RoleMappingKind, UnmatchedUsers } from '../../identity-pool';
import type { SmokeCheckOptions } from '../cognito-auth-props';
import { issuerUrl } from '../../private/issuer';
import { checkAtSynth, ConfigError } from '../../private/errors';

/** What the smoke check's config is made of; groups and API URLs may still grow until synth. */
export interface SmokeCheckParts {
  readonly userPool: cognito.UserPool;
  readonly requiredAttributes: string[];
  readonly client: AppClient;
  readonly identityPool?: GroupRoleIdentityPool;
  readonly groups: Map<string, UserGroup>;
  readonly apiUrls: Map<string, string>;
}

/**
 * The role the identity pool gives a user in `group` (or in none): with group or token mapping, the group's role,
 * else the unmatched setting; with your own rules it depends on claims the check cannot know, so nothing is expected.
 */
function expectedRole(parts: SmokeCheckParts, groupName: string | undefined): { roleArn?: string; denied?: boolean } {
  const pool = parts.identityPool;
  if (!pool || pool.roleMapping.kind === RoleMappingKind.RULES) return {};
  const role = groupName !== undefined ? parts.groups.get(groupName)?.role : undefined;
  if (role) return { roleArn: role.roleArn };
  if (pool.roleMapping.unmatched === UnmatchedUsers.DENY) return { denied: true };
  return { roleArn: pool.authenticatedRole.roleArn };
}

/** The `SmokeCheck` output of `scope`; the group and the API are checked at synth (they may come later). */
export function addSmokeCheckOutput(scope: Construct, options: SmokeCheckOptions, parts: SmokeCheckParts): void {
  const apiPath = options.apiPath ?? '';
  if (apiPath.startsWith('/') || /\s/.test(apiPath)) {
    throw new ConfigError(`smokeCheck.apiPath '${apiPath}' is invalid: it is appended to the API's URL, which ends with '/'; write 'me', not '/me'`);
  }
  checkAtSynth(scope, () => {
    const errors: string[] = [];
    if (options.group !== undefined && !parts.groups.has(options.group)) {
      errors.push(`smokeCheck.group '${options.group}' is not a group of this pool; groups: ${[...parts.groups.keys()].join(', ') || '(none)'}`);
    }
    if (options.api !== undefined && !parts.apiUrls.has(options.api)) {
      errors.push(`smokeCheck.api '${options.api}' is not an API added with addApiUrl; APIs: ${[...parts.apiUrls.keys()].join(', ') || '(none)'}`);
    }
    return errors;
  });
  const config = (): SmokeCheckConfig => {
    const expected = expectedRole(parts, options.group);
    return {
      version: 1,
      region: Stack.of(scope).region,
      userPoolId: parts.userPool.userPoolId,
      issuer: issuerUrl(parts.userPool),
      clientId: parts.client.clientId,
      usernameAttributes: [...((parts.userPool.node.defaultChild as cognito.CfnUserPool).usernameAttributes ?? [])],
      requiredAttributes: [...parts.requiredAttributes],
      group: options.group,
      identityPoolId: parts.identityPool?.identityPoolId,
      expectedRoleArn: expected.roleArn,
      expectDenied: expected.denied,
      apiUrl: options.api !== undefined && parts.apiUrls.has(options.api) ? `${parts.apiUrls.get(options.api)}${apiPath}` : undefined,
      apiPath: options.api === undefined && options.apiPath !== undefined ? apiPath : undefined,
      bearer: options.bearer ?? false,
    };
  };
  new CfnOutput(scope, 'SmokeCheck', {
    value: Lazy.string({ produce: () => Stack.of(scope).toJsonString(config()) }),
    description: 'Smoke check config (JSON), read by npm run smoke',
  });
}

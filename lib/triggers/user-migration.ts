import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { BundledFunction, triggerUserPool } from '../private/bundled-function';
import type { AwsService } from '../private/function-network';
import { MIGRATION_GROUPS_ATTRIBUTE, type MigrationConfig } from '../private/handler-config';
import { STANDARD_ATTRIBUTE_NAMES } from '../private/cognito-names';
import { checkAtSynth, ConfigError, located } from '../private/errors';
import { warnAtSynth } from '../private/key-policy';
import { checkProps } from '../private/props-check';
import { sourceParts, type SourceParts } from './private/migration-sources';
import { MigrationSource, MigrationUserStatus } from './migration-source';
import type { UserMigrationOptions } from './triggers-options';

/** Props for a standalone `UserMigrationTrigger`. */
export interface UserMigrationTriggerProps extends UserMigrationOptions {
  /** The new user pool: a `cognito.UserPool` of this app (an imported pool is refused). */
  readonly userPool: cognito.IUserPool;

  /**
   * The new pool's attributes a source may not fill (they feed claims, principal tags or role-mapping rules, for
   * example): left out of what a source answers, and their names logged, unless `trustedAttributes` lists them.
   * `CognitoAuth` gives the attributes it protects; `custom:groups_from` is never taken from a source, listed or not.
   * @default - none
   */
  readonly untrustedAttributes?: string[];
}

/** The custom attribute a pool needs for `keepGroups`, as `customAttributes` names it (without `custom:`). */
export const GROUPS_ATTRIBUTE_NAME = MIGRATION_GROUPS_ATTRIBUTE.slice('custom:'.length);

const PROP = 'triggers.migration';

/** The attributes a pool's own and the custom ones it declares, as Cognito names them, less those Cognito sets itself. */
function poolAttributeNames(pool: cognito.CfnUserPool): string[] {
  const schema = (Stack.of(pool).resolve(pool.schema) ?? []) as { name?: string }[];
  const custom = schema.map((a) => a.name).filter((n): n is string => typeof n === 'string' && !STANDARD_ATTRIBUTE_NAMES.includes(n))
    .map((n) => `custom:${n}`);
  return [...STANDARD_ATTRIBUTE_NAMES.filter((n) => n !== 'sub'), ...custom].sort();
}

/**
 * The app clients of this app that sign in to `pool`, and whether one of them sends the password: the developer guide's
 * "Importing users with a user migration Lambda trigger" says Cognito runs the trigger only where it gets the password,
 * with USER_PASSWORD_AUTH or ADMIN_USER_PASSWORD_AUTH (never SRP, which does not send it) or on its own sign-in pages.
 */
function passwordClients(pool: cognito.UserPool): { clients: number; sendingPassword: number } {
  const clients = pool.node.root.node.findAll().filter((c): c is cognito.CfnUserPoolClient =>
    c instanceof cognito.CfnUserPoolClient && c.userPoolId === pool.userPoolId);
  const sends = (c: cognito.CfnUserPoolClient) => {
    const flows = (Stack.of(c).resolve(c.explicitAuthFlows) ?? []) as string[];
    return flows.some((f) => ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'].includes(f)) ||
      Stack.of(c).resolve(c.allowedOAuthFlowsUserPoolClient) === true;
  };
  return { clients: clients.length, sendingPassword: clients.filter(sends).length };
}

/** The attributes a source may not fill: `untrustedAttributes` less `trustedAttributes` (each checked), sorted. */
function sourceUntrusted(props: UserMigrationTriggerProps): string[] {
  const lists = { trustedAttributes: props.trustedAttributes ?? [], untrustedAttributes: props.untrustedAttributes ?? [] };
  for (const [prop, names] of Object.entries(lists)) {
    if (!Array.isArray(names)) throw new ConfigError(`${PROP}.${prop} is not a list: give attribute names of the pool`);
    for (const name of names) {
      if (typeof name !== 'string' || name === '') {
        throw new ConfigError(`${PROP}.${prop} holds '${String(name)}': give attribute names of the pool, such as 'custom:tenant_id'`);
      }
    }
  }
  if (lists.trustedAttributes.includes(MIGRATION_GROUPS_ATTRIBUTE)) {
    throw new ConfigError(`${PROP}.trustedAttributes holds '${MIGRATION_GROUPS_ATTRIBUTE}': only the trigger sets it (it names the old user whose ` +
      'groups a migrated user joins), never a source; leave it out');
  }
  return [...new Set(lists.untrustedAttributes)].filter((n) => !lists.trustedAttributes.includes(n)).sort();
}

/**
 * Who could set the groups marker on `pool` besides the trigger: an app client that lists it in its write attributes
 * (a signed-in user writes those with their own access token), and an identity provider that maps a claim into it (a
 * federated user's provider then chooses it at each sign-in). Either could name another user of the old pool, whose
 * groups the post authentication step would then give. Every app client and provider of the app counts, not only
 * those a `CognitoAuth` builds.
 */
function groupsMarkerWriters(pool: cognito.UserPool): string[] {
  const all = pool.node.root.node.findAll();
  const ofPool = <T extends cognito.CfnUserPoolClient | cognito.CfnUserPoolIdentityProvider>(c: T) => c.userPoolId === pool.userPoolId;
  const clients = all.filter((c): c is cognito.CfnUserPoolClient => c instanceof cognito.CfnUserPoolClient && ofPool(c))
    .filter((c) => ((Stack.of(c).resolve(c.writeAttributes) ?? []) as string[]).includes(MIGRATION_GROUPS_ATTRIBUTE))
    .map((c) => `app client '${c.node.path}' lists it in its write attributes (remove it from writeAttributes)`);
  const providers = all.filter((c): c is cognito.CfnUserPoolIdentityProvider => c instanceof cognito.CfnUserPoolIdentityProvider && ofPool(c))
    .filter((c) => Object.keys((Stack.of(c).resolve(c.attributeMapping) ?? {}) as object).includes(MIGRATION_GROUPS_ATTRIBUTE))
    .map((c) => `identity provider '${c.node.path}' maps a claim into it (map that claim to another attribute)`);
  return [...clients, ...providers].map((who) => `${PROP}.source keeps the old pool's groups, and ${MIGRATION_GROUPS_ATTRIBUTE} on ` +
    `'${pool.node.path}' names the old user whose groups a migrated user joins, so only the trigger may set it: ${who}`);
}

/**
 * The bundled user migration trigger: a user the pool does not have, signing in with a password (or asking for a
 * password reset), is looked up in the source, checked there, and created in the pool with their attributes, renamed by
 * `attributeMap`; one bundle per source, so that each carries only what it needs. A wrong password and an unknown user
 * get the same answer; neither the password nor what the source answers is ever logged. Its role may call only what
 * its source needs: the old pool's AdminInitiateAuth, AdminGetUser and AdminListGroupsForUser on that pool; the
 * secret's GetSecretValue and DescribeSecret (its own grant); the table's GetItem.
 */
export class UserMigrationTrigger extends Construct {
  /** The function. */
  public readonly function: lambda.IFunction;
  /** The app client created on the old pool for the migration, when the source is a pool and no client was given. */
  public readonly sourceClient?: cognito.IUserPoolClient;

  constructor(scope: Construct, id: string, props: UserMigrationTriggerProps) {
    super(scope, id);
    try {
      checkProps('UserMigrationTriggerProps', props, PROP);
      const userPool = triggerUserPool('userPool', props.userPool);
      if (!(props.source instanceof MigrationSource)) {
        throw new ConfigError(`${PROP}.source is not a MigrationSource: give MigrationSource.fromUserPool(...), .fromHttpEndpoint(...) or ` +
          '.fromPasswordHashTable(...)');
      }
      const status = props.finalUserStatus ?? MigrationUserStatus.CONFIRMED;
      if (!Object.values(MigrationUserStatus).includes(status)) {
        throw new ConfigError(`${PROP}.finalUserStatus is '${status}': allowed values are MigrationUserStatus.CONFIRMED ('CONFIRMED'), ` +
          "MigrationUserStatus.RESET_REQUIRED ('RESET_REQUIRED')");
      }
      const map = props.attributeMap ?? {};
      for (const [from, to] of Object.entries(map)) {
        if (typeof to !== 'string' || to === '' || ['sub', 'identities'].includes(to) || to.startsWith('cognito:')) {
          throw new ConfigError(`${PROP}.attributeMap['${from}'] is '${String(to)}': map to an attribute of the pool, not one Cognito sets itself ` +
            '(sub, identities, cognito:*)');
        }
      }
      const untrusted = sourceUntrusted(props);
      const cfnPool = userPool.node.defaultChild as cognito.CfnUserPool;
      const parts: SourceParts = sourceParts(this, PROP, props.source, userPool);
      this.sourceClient = parts.sourceClient;
      const common = (): MigrationConfig => ({
        attributeMap: map, poolAttributes: poolAttributeNames(cfnPool), finalUserStatus: status, untrustedAttributes: untrusted,
      });
      const fn = new BundledFunction(this, 'Handler', {
        handler: parts.handler,
        description: `Cognito user migration trigger, from ${parts.description} (cdk-cognito-auth)`,
        config: () => ({ ...common(), ...parts.config() }),
        configProp: PROP,
        settings: props,
        calls: parts.calls as AwsService[],
        synchronousCaller: 'Cognito',
        userPool,
        memorySize: parts.memorySize,
      });
      for (const [i, statements] of parts.statements.entries()) fn.addPolicy(this, i === 0 ? 'SourcePolicy' : `SourcePolicy${i + 1}`, statements);
      parts.grant?.(fn.role);
      userPool.addTrigger(cognito.UserPoolOperation.USER_MIGRATION, fn.function);
      if (parts.keepGroups) {
        fn.grantOnPool(userPool, ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminDeleteUserAttributes']);
        userPool.addTrigger(cognito.UserPoolOperation.POST_AUTHENTICATION, fn.function);
        checkAtSynth(this, () => poolAttributeNames(cfnPool).includes(MIGRATION_GROUPS_ATTRIBUTE) ? [] : [
          `${PROP}.source keeps the old pool's groups, which needs the custom attribute '${GROUPS_ATTRIBUTE_NAME}' on '${userPool.node.path}' ` +
            `(the migration hands the old user name to the post authentication step in it): add customAttributes: { ${GROUPS_ATTRIBUTE_NAME}: ` +
            'new StringAttribute({ mutable: true }) } to the pool and give no app client write access to it, or set keepGroups: false'],
        );
        checkAtSynth(this, () => groupsMarkerWriters(userPool));
      }
      warnAtSynth(this, 'cdk-cognito-auth:migrationNoPasswordClient', () => {
        const { clients, sendingPassword } = passwordClients(userPool);
        if (clients === 0 || sendingPassword > 0) return undefined;
        return `${PROP}: none of the ${clients} app clients of '${userPool.node.path}' sends the password (ALLOW_USER_PASSWORD_AUTH, ` +
          'ALLOW_ADMIN_USER_PASSWORD_AUTH, or the managed login pages), and Cognito runs the migration trigger only when it gets the password: ' +
          'SRP never sends it. No user would be migrated at sign-in (a forgotten-password request still migrates); allow a password flow on the ' +
          'client your app signs in with, or acknowledge this warning.';
      });
      warnAtSynth(this, 'cdk-cognito-auth:migrationSelfSignUp', () => {
        const admin = Stack.of(cfnPool).resolve(cfnPool.adminCreateUserConfig) as { allowAdminCreateUserOnly?: boolean } | undefined;
        if (admin?.allowAdminCreateUserOnly !== false) return undefined;
        return `${PROP}: '${userPool.node.path}' lets anyone sign up (selfSignUp), and Cognito runs the migration trigger only for a user ` +
          'name the pool does not have: whoever signs up first with a user name (or alias) of someone not yet migrated takes it, and that user ' +
          'can then never migrate. Turn self sign-up off until the users have moved, or acknowledge this warning.';
      });
      this.function = fn.function;
    } catch (err) {
      throw located(this, err);
    }
  }
}

// The bundled user migration trigger in a `CognitoAuth`: the custom attribute that carries a migrated user's old groups
// to their first post authentication (declared on the pool, written by no app client), and the trigger itself.
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { GROUPS_ATTRIBUTE_NAME, UserMigrationTrigger, type TriggersOptions, type UserPoolMigrationSourceOptions } from '../../triggers';
import { MIGRATION_GROUPS_ATTRIBUTE } from '../../private/handler-config';
import { ConfigError } from '../../private/errors';
import { withLinkingAttribute, type LinkingPlan } from '../../private/linking';
import type { CognitoAuthProps } from '../cognito-auth-props';

/** Whether the bundled migration trigger keeps the old pool's groups (a pool source, unless keepGroups is false). */
export function migrationKeepsGroups(triggers: TriggersOptions | undefined): boolean {
  const source = triggers?.migration?.source;
  return source?._kind === 'user-pool' && ((source._options as UserPoolMigrationSourceOptions).keepGroups ?? true);
}

/** The pool's custom attributes plus `groups_from` (a mutable string) when the migration keeps groups; the user's own must be that. */
export function withMigrationAttribute(
  attributes: { [name: string]: cognito.ICustomAttribute } | undefined, triggers: TriggersOptions | undefined,
): { [name: string]: cognito.ICustomAttribute } | undefined {
  if (!migrationKeepsGroups(triggers)) return attributes;
  const own = attributes?.[GROUPS_ATTRIBUTE_NAME];
  if (own === undefined) return { ...attributes, [GROUPS_ATTRIBUTE_NAME]: new cognito.StringAttribute({ mutable: true }) };
  const bound = own.bind();
  if (bound.dataType !== 'String' || bound.mutable !== true) {
    throw new ConfigError(`customAttributes['${GROUPS_ATTRIBUTE_NAME}'] must be a mutable String attribute: the migration trigger hands a migrated ` +
      'user\'s old groups to their first sign-in in it and then removes it; declare it as new cognito.StringAttribute({ mutable: true }), or leave ' +
      'it out and the pool declares it');
  }
  return attributes;
}

/** The attribute no app client may write when the migration keeps groups, with what it feeds. */
export function migrationProtectedAttributes(triggers: TriggersOptions | undefined): { [attribute: string]: string } {
  return migrationKeepsGroups(triggers)
    ? { [MIGRATION_GROUPS_ATTRIBUTE]: 'the groups a migrated user joins at their first sign-in (triggers.migration)' }
    : {};
}

/**
 * The bundled migration trigger (construct id UserMigration), refused beside your own `userMigration` function, and,
 * when it keeps groups, beside your own `postAuthentication` function (a pool has one of each). Sets the functions of
 * the operations it takes.
 */
export function wireMigration(
  scope: Construct, triggers: TriggersOptions, userPool: cognito.UserPool, functions: Map<string, lambda.IFunction>,
  protectedAttributes: { [attribute: string]: string },
): UserMigrationTrigger | undefined {
  if (!triggers.migration) return undefined;
  if (triggers.userMigration) {
    throw new ConfigError('triggers has both migration (the bundled user migration trigger) and userMigration (your own function): a pool has one ' +
      'user migration trigger; give one of them');
  }
  const keepGroups = migrationKeepsGroups(triggers);
  if (keepGroups && triggers.postAuthentication) {
    throw new ConfigError('triggers.migration keeps the old pool\'s groups through the pool\'s post authentication trigger, but triggers.' +
      'postAuthentication is your own function: a pool has one; set keepGroups: false on the source, or leave out postAuthentication');
  }
  // What the pool protects from its users it protects from a source's answers too, unless trusted (trustedAttributes).
  const trigger = new UserMigrationTrigger(scope, 'UserMigration', {
    ...triggers.migration, userPool, untrustedAttributes: Object.keys(protectedAttributes),
  });
  functions.set(cognito.UserPoolOperation.USER_MIGRATION.operationName, trigger.function);
  if (keepGroups) functions.set(cognito.UserPoolOperation.POST_AUTHENTICATION.operationName, trigger.function);
  return trigger;
}

/** The pool's custom attributes: the user's, plus those the migration (`groups_from`) and account linking need. */
export function customAttributesOf(props: CognitoAuthProps, linking: LinkingPlan): { [name: string]: cognito.ICustomAttribute } | undefined {
  const withMigration = withMigrationAttribute(props.customAttributes, props.triggers);
  return withLinkingAttribute(withMigration, linking, () => new cognito.StringAttribute({ mutable: true }));
}

import { MIGRATION_GROUPS_ATTRIBUTE, type PoolMigrationConfig } from '../../lib/private/handler-config';
import { CONFIG_ENV, readConfig, typed } from '../shared/config';
import { HandlerConfigError, MalformedEvent } from '../shared/errors';
import { errorName, type Logger } from '../shared/log';
import {
  createMigrationHandler, readMigrationConfig, Refusal, type MigrationEvent, type MigrationSource, type SourceUser,
} from '../shared/migration';
import type { AddUserToGroup } from '../shared/ports';

/**
 * AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH on the old pool: resolves with the challenge Cognito asks next (MFA,
 * NEW_PASSWORD_REQUIRED, ...), or undefined when it issued tokens; rejects with Cognito's error (by its name) otherwise.
 */
export type AdminAuthenticate = (userPoolId: string, clientId: string, userName: string, password: string) => Promise<string | undefined>;
/** AdminGetUser: the user's name in that pool, whether enabled, and their attributes. */
export type AdminGetUser = (userPoolId: string, userName: string) => Promise<OldUser>;
/** A user of the old pool, as AdminGetUser answers. */
export interface OldUser {
  readonly username: string;
  readonly enabled: boolean;
  readonly attributes: { [name: string]: string };
}
/** AdminListGroupsForUser, every page: the user's groups' names. */
export type ListGroupsForUser = (userPoolId: string, userName: string) => Promise<string[]>;
/** AdminDeleteUserAttributes of one attribute. */
export type DeleteUserAttribute = (userPoolId: string, userName: string, attribute: string) => Promise<void>;

export interface PoolMigrationDeps {
  readonly config: PoolMigrationConfig;
  readonly authenticate: AdminAuthenticate;
  readonly getUser: AdminGetUser;
  readonly listGroups: ListGroupsForUser;
  readonly addUserToGroup: AddUserToGroup;
  readonly deleteUserAttribute: DeleteUserAttribute;
  readonly log: Logger;
}

/** Parses the handler's config from the environment. */
export function parsePoolMigrationConfig(env: NodeJS.ProcessEnv): PoolMigrationConfig {
  return readConfig(env, (raw) => {
    const userPoolId = typed(raw, 'userPoolId', 'string');
    if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(userPoolId)) throw new HandlerConfigError(`${CONFIG_ENV}.userPoolId is not a user pool id`);
    return {
      ...readMigrationConfig(raw),
      userPoolId,
      clientId: typed(raw, 'clientId', 'string'),
      keepGroups: typed(raw, 'keepGroups', 'boolean'),
    };
  });
}

/**
 * The old pool's errors that mean "no such user, or not this password" (AdminInitiateAuth's and AdminGetUser's API
 * reference): a wrong password or a disabled user (NotAuthorizedException), an unknown one, one who must reset their
 * password first (they migrate through the forgot-password flow), one who never confirmed their sign-up.
 */
const REFUSALS: { [error: string]: string } = {
  NotAuthorizedException: 'wrong password or disabled user',
  UserNotFoundException: 'unknown user',
  PasswordResetRequiredException: 'password reset required in the old pool',
  UserNotConfirmedException: 'user not confirmed in the old pool',
};

function refusalOf(err: unknown): Refusal | undefined {
  const name = errorName(err);
  return Object.hasOwn(REFUSALS, name) ? new Refusal(REFUSALS[name]) : undefined;
}

/** The old pool as a migration source. */
function poolSource(deps: PoolMigrationDeps): MigrationSource {
  const { config, authenticate, getUser } = deps;
  const user = async (userName: string, resetRequired: boolean): Promise<SourceUser | Refusal> => {
    let found;
    try {
      found = await getUser(config.userPoolId, userName);
    } catch (err) {
      const refusal = refusalOf(err);
      if (refusal) return refusal;
      throw err;
    }
    if (!found.enabled) return new Refusal('disabled user');
    return {
      attributes: found.attributes,
      resetRequired,
      // The groups follow at the user's first post authentication, from this user name in the old pool.
      ownAttributes: config.keepGroups ? { [MIGRATION_GROUPS_ATTRIBUTE]: found.username } : undefined,
    };
  };
  return {
    async authenticate(userName, password) {
      let challenge;
      try {
        challenge = await authenticate(config.userPoolId, config.clientId, userName, password);
      } catch (err) {
        const refusal = refusalOf(err);
        if (refusal) return refusal;
        throw err;
      }
      // Cognito asks for MFA or a new password only once the password is right. A temporary password must be replaced;
      // any other challenge is a second factor this trigger cannot ask for, and MFA settings do not carry over: the user
      // migrates with RESET_REQUIRED, so that a code sent to their verified email address or phone number stands in for it.
      return user(userName, challenge !== undefined);
    },
    find: (userName) => user(userName, false),
  };
}

/** The post authentication event, as this handler reads it. */
export interface PostAuthenticationEvent {
  triggerSource: string;
  userPoolId: string;
  userName: string;
  request: { userAttributes?: { [name: string]: string } };
  response: object;
}

/**
 * Joins a migrated user to their old groups at their first post authentication (MIGRATION_GROUPS_ATTRIBUTE names
 * them in the old pool), then removes the attribute so that it happens once: a group the new pool lacks is skipped
 * (and counted in the log). A failure leaves the attribute for the next sign-in to finish, and never fails this one.
 */
async function joinOldGroups(deps: PoolMigrationDeps, event: PostAuthenticationEvent): Promise<void> {
  const { config, listGroups, addUserToGroup, deleteUserAttribute, log } = deps;
  const oldName = event.request.userAttributes?.[MIGRATION_GROUPS_ATTRIBUTE];
  if (typeof oldName !== 'string' || oldName === '') return;
  try {
    let groups: string[] = [];
    try {
      groups = await listGroups(config.userPoolId, oldName);
    } catch (err) {
      if (errorName(err) !== 'UserNotFoundException') throw err;
      log.warn('old user gone: no groups to join', {});
    }
    let missing = 0;
    for (const group of groups) {
      try {
        await addUserToGroup(event.userPoolId, event.userName, group);
      } catch (err) {
        if (errorName(err) !== 'ResourceNotFoundException') throw err;
        missing++;
      }
    }
    await deleteUserAttribute(event.userPoolId, event.userName, MIGRATION_GROUPS_ATTRIBUTE);
    if (missing > 0) log.warn('groups missing in the new pool were skipped', { missing });
    log.info('joined old groups', { groups: groups.length - missing });
  } catch (err) {
    log.error('joining old groups failed: the next sign-in tries again', { error: errorName(err) });
  }
}

/**
 * The user migration trigger whose source is another user pool: at sign-in it signs the user in there (AdminInitiateAuth,
 * so the old pool checks the password) and reads their attributes (AdminGetUser); in the forgot-password flow it only
 * reads them. The same function is the new pool's post authentication trigger, which joins a migrated user to their
 * old groups (the migration answer cannot add groups, and the user does not exist before Cognito creates them).
 */
export function createHandler(deps: PoolMigrationDeps) {
  const migrate = createMigrationHandler({ config: deps.config, source: poolSource(deps), log: deps.log, sourceName: 'user pool' });
  return async (event: MigrationEvent | PostAuthenticationEvent): Promise<MigrationEvent | PostAuthenticationEvent> => {
    if (typeof event === 'object' && event !== null && event.triggerSource === 'PostAuthentication_Authentication') {
      const post = event as PostAuthenticationEvent;
      if (typeof post.request !== 'object' || post.request === null) throw new MalformedEvent('post authentication', 'no request');
      if (typeof post.userName !== 'string' || typeof post.userPoolId !== 'string') {
        throw new MalformedEvent('post authentication', 'no user name or pool id');
      }
      if (deps.config.keepGroups) await joinOldGroups(deps, post);
      return post;
    }
    return migrate(event as MigrationEvent);
  };
}
